using A0.Processes;
using A0.Storage;

namespace A0.Operations;

/// <summary>
/// .billy/journal.json: the operation in flight, written before anything changes (before a resting state is left),
/// with its step, the process groups of its children and a payload of its own kind, so that one routine can finish
/// or undo it after an in-process failure and after a crash alike.
/// </summary>
public sealed record Journal : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Operation { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required int Pid { get; init; }
    public string Step { get; init; } = "start";
    public IReadOnlyList<JournaledProcess> ProcessGroups { get; init; } = [];

    public InitPayload? Init { get; init; }
    public StagingPayload? Staging { get; init; }
    public ValidationPayload? Validation { get; init; }
    public SwitchPayload? Switch { get; init; }
    public EjectPayload? Eject { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (string.IsNullOrWhiteSpace(Operation)) yield return "operation: must not be empty";
        if (!Releases.TagName.IsValid(Version)) yield return $"version: '{Version}' is not a release tag";
        if (string.IsNullOrWhiteSpace(Step)) yield return "step: must not be empty";
        if (Staging is { } staging && (!A0.Staging.BuildIdentifier.IsValid(staging.BuildId) || !Path.IsPathFullyQualified(staging.TempDir)))
        {
            yield return "staging: build_id must be a build id and temp_dir an absolute path";
        }
        if (Validation is { } validation && (!A0.Staging.BuildIdentifier.IsValid(validation.BuildId) || !Path.IsPathFullyQualified(validation.ScratchDir)))
        {
            yield return "validation: build_id must be a build id and scratch_dir an absolute path";
        }
        if (Switch is { } change && (!Releases.TagName.IsValid(change.FromVersion) || !Releases.TagName.IsValid(change.ToVersion)))
        {
            yield return "switch: from_version and to_version must be release tags";
        }
        foreach (var group in ProcessGroups.Where(g => g.Pid <= 1)) yield return $"process_groups: {group.Pid} is not a process group of a child";
        if (Eject is { } eject && (new[] { eject.AppPath, eject.Release, eject.RecordDir }.Any(path => !Path.IsPathFullyQualified(path)) || !eject.UserData.All(Storage.RelativePath.IsSafe)))
        {
            yield return "eject: app_path, release and record_dir must be absolute paths and user_data relative ones";
        }
    }
}

/// <summary>init: the commit of the checkout being adopted.</summary>
public sealed record InitPayload(string CommitSha);

/// <summary>begin-staging: where the build is made, and whether it reuses a published one (which is then never removed).</summary>
public sealed record StagingPayload(string BuildId, string TempDir, string CommitSha, bool Reuse);

/// <summary>validate: the build under test and the scratch release it runs from.</summary>
public sealed record ValidationPayload(string BuildId, string ScratchDir);

/// <summary>
/// promote and rollback: where the app path pointed before the switch (to come back to), where it is going, and what was
/// made on the way: the release under its temp name, the snapshot, the scratch release of the health check, restored data.
/// </summary>
public sealed record SwitchPayload(string FromVersion, string ToVersion, string PreviousTarget)
{
    public string? FromCommitSha { get; init; }
    public string? ToCommitSha { get; init; }
    public string? NewRelease { get; init; }
    public string? SnapshotId { get; init; }
    public string? ScratchDir { get; init; }
    public string? RestoreSnapshotId { get; init; }
    public string? RestoredDataAside { get; init; }
}

/// <summary>
/// eject: the app path, the release it becomes, where the record of the home goes, the user-data paths to bring back, and
/// whether the release is copied (another filesystem) rather than renamed into place.
/// </summary>
public sealed record EjectPayload(string AppPath, string Release, string RecordDir, IReadOnlyList<string> UserData, bool Copy);
