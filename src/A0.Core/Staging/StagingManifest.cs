using System.Text.Json.Serialization;
using A0.Releases;
using A0.Storage;

namespace A0.Staging;

/// <summary>builds/&lt;id&gt;/manifest.json, written last: what was built, from where, and the checksums of tree and venv (CONTRACT §5, §9).</summary>
public sealed record StagingManifest : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Version { get; init; }
    public required DateTimeOffset BuiltAt { get; init; }
    public required string SourceUrl { get; init; }
    public required string CommitSha { get; init; }
    public string? TagObjectSha { get; init; }
    public required string BuildId { get; init; }
    public required string BuildLogPath { get; init; }
    public required string PythonVersion { get; init; }
    public required long SizeBytes { get; init; }
    public required ManifestChecksums Checksums { get; init; }
    public required ManifestVenvChecksums VenvChecksums { get; init; }
    public required string VirtualenvHash { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!TagName.IsValid(Version)) yield return $"version: '{Version}' is not a release tag";
        if (!GitSha.IsValid(CommitSha)) yield return "commit_sha: not a 40-hex git sha";
        if (!BuildIdentifier.IsValid(BuildId)) yield return $"build_id: '{BuildId}' is not a build id";
        if (Checksums.Algorithm != "sha256") yield return "checksums.algorithm: must be sha256";
        if (Checksums.Files.Count != Checksums.Kinds.Count) yield return "checksums: files and kinds differ";
        if (VenvChecksums.Files.Count != VenvChecksums.Kinds.Count) yield return "venv_checksums: files and kinds differ";
    }
}

/// <summary>checksums: files and kinds are read as <see cref="PathMap"/>s.</summary>
public sealed record ManifestChecksums(
    string Algorithm,
    [property: JsonConverter(typeof(PathMapConverter))] IReadOnlyDictionary<string, string> Files,
    [property: JsonConverter(typeof(PathMapConverter))] IReadOnlyDictionary<string, string> Kinds,
    string TreeHash);

/// <summary>venv_checksums: files and kinds are read as <see cref="PathMap"/>s.</summary>
public sealed record ManifestVenvChecksums(
    [property: JsonConverter(typeof(PathMapConverter))] IReadOnlyDictionary<string, string> Files,
    [property: JsonConverter(typeof(PathMapConverter))] IReadOnlyDictionary<string, string> Kinds);
