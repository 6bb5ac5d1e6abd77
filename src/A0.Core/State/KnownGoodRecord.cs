using A0.Releases;
using A0.Storage;

namespace A0.State;

/// <summary>.billy/known_good.json: the confirmed-good version and the history of them, newest last.</summary>
public sealed record KnownGoodRecord : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Version { get; init; }
    public required IReadOnlyList<KnownGoodEntry> History { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!TagName.IsValid(Version)) yield return $"version: '{Version}' is not a release tag";
        if (History.Count == 0 || History[^1].Version != Version) yield return "history: must end with version";
        foreach (var entry in History.Where(e => !TagName.IsValid(e.Version))) yield return $"history: '{entry.Version}' is not a release tag";
    }
}

public sealed record KnownGoodEntry(string Version, DateTimeOffset ConfirmedAt, string Reason);
