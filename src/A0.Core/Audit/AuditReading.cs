namespace A0.Audit;

/// <summary>The whole log as read under the shared audit lock: every line, and the verdict on the chain.</summary>
public sealed record AuditReading(IReadOnlyList<AuditLine> Lines, AuditVerification Verification);
