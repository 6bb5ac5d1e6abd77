using A0.Releases;
using A0.Storage;

namespace A0.Approvals;

/// <summary>.billy/pending_approval.json: one requested release, bound to its commit, and what became of it.</summary>
public sealed record PendingApproval : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string ApprovalId { get; init; }
    public required string Version { get; init; }
    public required string CommitSha { get; init; }
    public string? TagObjectSha { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required string Source { get; init; }
    public string? Notes { get; init; }
    public required string Nonce { get; init; }
    public ApprovalStatus Status { get; init; } = ApprovalStatus.Pending;
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DenyReason { get; init; }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Open until denied, used or expired (CONTRACT §3).</summary>
    public bool IsOpen(DateTimeOffset now) => Status is ApprovalStatus.Pending or ApprovalStatus.Approved && !IsExpired(now);

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!TagName.IsValid(Version)) yield return $"version: '{Version}' is not a release tag";
        if (!GitSha.IsValid(CommitSha)) yield return "commit_sha: not a 40-hex git sha";
        if (TagObjectSha is not null && !GitSha.IsValid(TagObjectSha)) yield return "tag_object_sha: not a 40-hex git sha";
        if (ExpiresAt <= RequestedAt) yield return "expires_at: must be after requested_at";
        if (!Enum.IsDefined(Status)) yield return "status: unknown";
    }
}
