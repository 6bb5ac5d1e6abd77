namespace A0.Operations;

/// <summary>A step of an operation that failed: which audit event names it, and the exit code it ends with.</summary>
public sealed class OperationFailure(string auditEvent, ExitCode exitCode, string code, string message, Exception? inner = null)
    : A0Exception(exitCode, code, message, inner)
{
    public string AuditEvent { get; } = auditEvent;

    /// <summary>The audit event and message that settle an operation stopped by <paramref name="failure"/>.</summary>
    public static (string Cause, string Message) Describe(string operation, Exception failure) => failure switch
    {
        OperationFailure step => (step.AuditEvent, step.Message),
        OperationCanceledException => ($"{operation}_interrupted", $"{operation} was interrupted (signal or cancellation)"),
        _ => ($"{operation}_error", failure.Message),
    };
}
