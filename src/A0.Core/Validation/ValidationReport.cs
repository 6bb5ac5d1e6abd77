using System.Text.Json.Serialization;
using A0.Releases;
using A0.Storage;

namespace A0.Validation;

/// <summary>.billy/validation/&lt;v&gt;/latest_report.json (and history/): what one validation of one build found (CONTRACT §6).</summary>
public sealed record ValidationReport : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Version { get; init; }
    public required string BuildId { get; init; }
    public required string TreeHash { get; init; }
    public required string VirtualenvHash { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required long ElapsedMs { get; init; }
    public required ValidationStatus Status { get; init; }
    public required IReadOnlyDictionary<string, CheckResult> Checks { get; init; }

    public IEnumerable<string> FailedChecks => Checks.Where(c => !c.Value.Passed).Select(c => c.Key);

    /// <summary>Whether the artifact itself failed to re-hash to its manifest: tampering, not a broken release.</summary>
    public bool IntegrityFailed() => Checks.TryGetValue(StructuralIntegrityCheck.CheckName, out var result) && !result.Passed;

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!TagName.IsValid(Version)) yield return $"version: '{Version}' is not a release tag";
        if (!Staging.BuildIdentifier.IsValid(BuildId)) yield return $"build_id: '{BuildId}' is not a build id";
        if ((Status == ValidationStatus.Passed) != Checks.Values.All(c => c.Passed)) yield return "status: must be PASSED exactly when every check passed";
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<ValidationStatus>))]
public enum ValidationStatus
{
    [JsonStringEnumMemberName("PASSED")] Passed,
    [JsonStringEnumMemberName("FAILED")] Failed,
}
