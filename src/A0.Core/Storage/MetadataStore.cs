using A0.Approvals;
using A0.Audit;
using A0.Authority;
using A0.Config;
using A0.Home;
using A0.Operations;
using A0.State;

namespace A0.Storage;

/// <summary>One typed reader/writer per metadata file of a home.</summary>
public sealed class MetadataStore(HomeLayout home)
{
    public MetadataFile<A0Config> Config { get; } = new(home.ConfigFile, A0Json.Default.A0Config, A0Config.CurrentSchema, new ConfigSchemaUpgrade(home));
    public MetadataFile<AuthorityPolicy> Authority { get; } = new(home.AuthorityFile, A0Json.Default.AuthorityPolicy);
    public MetadataFile<StateRecord> State { get; } = new(home.StateFile, A0Json.Default.StateRecord);
    public MetadataFile<VersionRecord> Version { get; } = new(home.VersionFile, A0Json.Default.VersionRecord);
    public MetadataFile<KnownGoodRecord> KnownGood { get; } = new(home.KnownGoodFile, A0Json.Default.KnownGoodRecord);
    public MetadataFile<PendingApproval> PendingApproval { get; } = new(home.PendingApprovalFile, A0Json.Default.PendingApproval);
    public MetadataFile<LockOwner> LockOwner { get; } = new(home.LockOwnerFile, A0Json.Default.LockOwner);
    public MetadataFile<AuditHead> AuditHead { get; } = new(home.AuditHeadFile, A0Json.Default.AuditHead);
    public MetadataFile<Journal> Journal { get; } = new(home.JournalFile, A0Json.Default.Journal);
}
