using System.Text.Json.Nodes;

namespace A0.Audit;

/// <summary>What a caller records; the log adds seq, timestamp, prev_hash and hash.</summary>
public sealed record AuditEvent(string EventType, string? Version = null, JsonObject? Details = null);
