using System.Text.Json.Nodes;

namespace A0.Audit;

/// <summary>One line of the audit log as read: its entry when it parses as a JSON object, and what is wrong with it, if anything.</summary>
public sealed record AuditLine(int Number, string Text, JsonObject? Entry, string? Problem);
