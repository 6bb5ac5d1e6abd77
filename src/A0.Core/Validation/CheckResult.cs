using System.Text.Json.Nodes;

namespace A0.Validation;

/// <summary>One check of a validation: passed or not, how long it took, why it failed, and what it looked at.</summary>
public sealed record CheckResult(bool Passed, long Ms, string? Error, JsonObject Details)
{
    public static CheckResult Pass(long ms, JsonObject details) => new(true, ms, null, details);

    public static CheckResult Fail(long ms, string error, JsonObject details) => new(false, ms, error, details);
}
