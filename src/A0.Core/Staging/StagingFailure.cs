namespace A0.Staging;

/// <summary>A step of staging that failed: which audit event names it, and the exit code it ends with.</summary>
public sealed class StagingFailure(string auditEvent, ExitCode exitCode, string code, string message, Exception? inner = null)
    : A0Exception(exitCode, code, message, inner)
{
    public string AuditEvent { get; } = auditEvent;
}
