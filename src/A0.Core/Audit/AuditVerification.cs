namespace A0.Audit;

/// <summary>The outcome of re-computing the audit chain: intact, or the first bad line and why.</summary>
public sealed record AuditVerification(bool IsIntact, long Entries, long? BadLine, string? Problem)
{
    public static AuditVerification Intact(long entries) => new(true, entries, null, null);
    public static AuditVerification Broken(long? line, string problem) => new(false, 0, line, problem);
}
