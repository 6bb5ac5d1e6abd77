using System.Text.Json.Nodes;
using A0.Approvals;
using A0.Audit;
using A0.Authority;
using A0.Config;
using A0.Operations;

namespace A0.Promotion;

/// <summary>The steps every switch of production takes, shared by promote, rollback and the settling of both.</summary>
public sealed class SwitchSteps(A0Context context, A0Config config, OperationJournal journal, Actor actor)
{
    private SwitchPayload Payload => journal.Current.Switch!;

    public AppSwitch App { get; } = new(context, config.AppPath);

    public SnapshotStore Snapshots { get; } = new(context);

    /// <summary>
    /// Snapshots data/ before a switch as <paramref name="id"/> (null: --no-snapshot). Above snapshot.max_bytes it is skipped
    /// and audited: promote refused before it got here, and a rollback never refuses for size.
    /// </summary>
    /// <param name="measured">The size of data/ when the caller has just measured it (a walk of all user data).</param>
    public void Snapshot(string from, string to, string? id, long? measured = null)
    {
        journal.Step("snapshot");
        var bytes = measured ?? Snapshots.Size();
        if (id is null || bytes > config.Snapshot.MaxBytes)
        {
            Audit("snapshot_skipped", to, new JsonObject { ["bytes"] = bytes, ["max_bytes"] = config.Snapshot.MaxBytes, ["reason"] = id is null ? "--no-snapshot" : "user data above snapshot.max_bytes" });
            return;
        }
        var snapshot = Snapshots.Take(id, from, to);
        Audit("snapshot_taken", to, new JsonObject
        {
            ["snapshot_id"] = snapshot.Id,
            ["bytes"] = snapshot.Bytes,
            ["files"] = snapshot.Files,
            ["skipped"] = new JsonArray([.. snapshot.Skipped.Take(50).Select(s => (JsonNode)s!)]),
        });
    }

    /// <summary>Points the app path at <paramref name="target"/> (journaled first) and records the version it runs.</summary>
    public void Switch(string target, string version, string? commitSha)
    {
        journal.Step("flip");
        App.Flip(target);
        journal.Step("version");
        App.Record(version, commitSha);
        Audit("app_path_switched", version, new JsonObject { ["app_path"] = App.AppPath, ["target"] = target });
    }

    /// <summary>The health check of what the app path runs now (never cancelled: it runs after the flip).</summary>
    public async Task<HealthVerdict> HealthAsync(string release, TimeSpan probation)
    {
        journal.Step("health");
        Directory.CreateDirectory(context.Home.Logs);
        var scratch = Payload.ScratchDir ?? Validation.ScratchRelease.NewRoot(context.TempRoot, "switch");
        var verdict = await new LiveHealth(context, config, scratch, journal.ChildStarted).CheckAsync(release, LogPath, probation).ConfigureAwait(false);
        Audit("health_checked", Payload.ToVersion, new JsonObject { ["healthy"] = verdict.Healthy, ["error"] = verdict.Error, ["details"] = verdict.Details.DeepClone() });
        return verdict;
    }

    /// <summary>The log of this switch's health checks.</summary>
    public string LogPath => Path.Combine(context.Home.Logs, $"{journal.Current.Operation}-{journal.Current.StartedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.log");

    /// <summary>The approval of <paramref name="version"/> is used up once it was promoted, whether it stayed or rolled back.</summary>
    public void UseApproval(string version)
    {
        var pending = context.Metadata.PendingApproval.ReadIfUsable();
        if (pending is not { Status: ApprovalStatus.Approved } || pending.Version != version) return;
        context.Metadata.PendingApproval.Write(pending with { Status = ApprovalStatus.Used });
    }

    /// <summary>Keeps the newest snapshots, and always the one that --restore-data would bring back now.</summary>
    public void PruneSnapshots()
    {
        var current = context.Metadata.Version.ReadIfUsable()?.CurrentVersion;
        var removed = Snapshots.Prune(config.Snapshot.Keep, [current is null ? null : Snapshots.BeforeSwitchTo(current)?.Id]);
        if (removed.Count > 0) Audit("snapshots_pruned", null, new JsonObject { ["removed"] = new JsonArray([.. removed.Select(r => (JsonNode)r!)]) });
    }

    /// <summary>Restarts the app under service management after switching back, and checks it.</summary>
    public async Task<HealthVerdict?> RestartBackAsync(string release) =>
        config.Service.Manages ? await HealthAsync(release, TimeSpan.Zero).ConfigureAwait(false) : null;

    public void Audit(string eventType, string? version, JsonObject details) => context.Audit.Append(actor, new AuditEvent(eventType, version, details));
}
