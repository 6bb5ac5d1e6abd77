using A0.Releases;
using A0.Storage;

namespace A0.State;

/// <summary>.billy/version.json: the release production runs.</summary>
public sealed record VersionRecord : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string CurrentVersion { get; init; }
    public string? CommitSha { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!TagName.IsValid(CurrentVersion)) yield return $"current_version: '{CurrentVersion}' is not a release tag";
        if (CommitSha is not null && !GitSha.IsValid(CommitSha)) yield return "commit_sha: not a 40-hex git sha";
    }
}
