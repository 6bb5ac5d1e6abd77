using A0.Storage;

namespace A0.Audit;

/// <summary>.billy/audit_head.json: the last seq and hash of the audit log, so a truncated log is caught.</summary>
public sealed record AuditHead(long Seq, string Hash) : IMetadata
{
    public int SchemaVersion { get; init; } = 1;

    public IEnumerable<string> Validate()
    {
        if (Seq < 0) yield return "seq: must not be negative";
        if (Hash is not { Length: 64 }) yield return "hash: must be 64 hex characters";
    }
}
