namespace A0.Home;

/// <summary>Every path of one managed install, CONTRACT §1.</summary>
public sealed record HomeLayout(string Root)
{
    public const string MetadataDirectoryName = ".billy";

    public string Billy => Path.Combine(Root, MetadataDirectoryName);
    public string Releases => Path.Combine(Root, "releases");
    public string Data => Path.Combine(Root, "data");
    public string Builds => Path.Combine(Billy, "builds");
    public string Artifacts => Path.Combine(Billy, "artifacts");
    public string Logs => Path.Combine(Billy, "logs");
    public string Cache => Path.Combine(Billy, "cache");
    public string Snapshots => Path.Combine(Billy, "snapshots");
    public string Validation => Path.Combine(Billy, "validation");

    public string ConfigFile => Path.Combine(Billy, "config.json");
    public string AuthorityFile => Path.Combine(Billy, "authority.json");
    public string StateFile => Path.Combine(Billy, "state.json");
    public string VersionFile => Path.Combine(Billy, "version.json");
    public string KnownGoodFile => Path.Combine(Billy, "known_good.json");
    public string PendingApprovalFile => Path.Combine(Billy, "pending_approval.json");
    public string JournalFile => Path.Combine(Billy, "journal.json");
    public string LockFile => Path.Combine(Billy, "lock");
    public string LockOwnerFile => Path.Combine(Billy, "lock.json");
    public string AuditLog => Path.Combine(Billy, "upgrade_history.log");
    public string AuditHeadFile => Path.Combine(Billy, "audit_head.json");
    public string AuditLockFile => Path.Combine(Billy, "audit.lock");
    public string RefusalTallyFile => Path.Combine(Billy, "audit_refusals.json");

    /// <summary>The app path init adopts when none is given.</summary>
    public string DefaultAppPath => Path.Combine(Root, "agent-zero");

    public string Release(string version) => Path.Combine(Releases, version);
    public string Build(string buildId) => Path.Combine(Builds, buildId);
    public string Artifact(string version) => Path.Combine(Artifacts, version);
    public string BuildLog(string buildId) => Path.Combine(Logs, $"{buildId}.log");
}
