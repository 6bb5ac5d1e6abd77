namespace A0.Inspection;

public enum Severity
{
    Ok,
    Warning,
    Problem,
    Integrity,
}

/// <summary>One doctor check: what was looked at, what was found, and the command that fixes it.</summary>
public sealed record Finding(Severity Severity, string Check, string Message, string? Fix = null);
