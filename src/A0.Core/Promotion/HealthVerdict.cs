using System.Text.Json.Nodes;

namespace A0.Promotion;

/// <summary>What the health check after a switch found: healthy, or why not, and what it looked at.</summary>
public sealed record HealthVerdict(bool Healthy, string? Error, JsonObject Details);
