using A0.Releases;
using A0.Storage;

namespace A0.Promotion;

/// <summary>.billy/snapshots/&lt;id&gt;/snapshot.json: a copy of data/ taken just before the switch from one version to another.</summary>
public sealed record SnapshotRecord : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Id { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    public required string FromVersion { get; init; }
    public required string ToVersion { get; init; }
    public required long Bytes { get; init; }
    public required long Files { get; init; }

    /// <summary>What the user keeps that a copy cannot hold (sockets, devices, files gone mid-copy), named.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!SnapshotStore.IsValidId(Id)) yield return $"id: '{Id}' is not a snapshot id";
        if (!TagName.IsValid(FromVersion) || !TagName.IsValid(ToVersion)) yield return "from_version, to_version: must be release tags";
    }
}
