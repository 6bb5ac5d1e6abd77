namespace A0.Integrity;

/// <summary>Something a command found wrong with the home's own record: why it matters (a revocation reason) and what it is.</summary>
public sealed record IntegrityFinding(string Reason, string Message)
{
    public const string AppPathChanged = "app_path_changed";
    public const string FailedHard = "failed_hard";
    public const string AuditTampered = "audit_tampered";
    public const string ArtifactTampered = "artifact_tampered";
}
