using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Operations;
using A0.State;
using A0.Validation;

namespace A0.Promotion;

/// <summary>
/// rollback [--to V] [--restore-data] (CONTRACT §7): back to the newest known-good version that is not current, or to any
/// version that still has a release or an artifact (the install adopted by init included), with the same snapshot, atomic
/// switch and health check as promote. Needs no release source. A rollback whose target is unhealthy is FAILED_HARD.
/// </summary>
public sealed class RollbackService(CommandSession session)
{
    private readonly RollbackOperation operation = new();

    private A0Context Context => session.Context;

    public async Task<SwitchResult> RollbackAsync(string? to, bool restoreData)
    {
        StateMachine.Require(session.State, "rollback", OperationState.Idle, OperationState.Complete);
        var config = Context.Metadata.Config.Read();
        var version = Context.Metadata.Version.Read();
        var current = version.CurrentVersion;
        var target = to ?? NewestKnownGoodBut(current)
            ?? throw A0Exception.Precondition($"no known-good version other than the current {current}; name one with `a0 rollback --to V`", "no_rollback_target");
        if (target == current) throw A0Exception.Precondition($"{target} is already the current version");
        var maker = new ReleaseMaker(Context);
        var release = maker.Release(target);
        var artifact = new ArtifactStore(Context).Find(target);
        var hasRelease = Directory.Exists(release) && !Storage.Symlink.IsSymlink(release);
        if (!hasRelease && artifact is null)
        {
            throw A0Exception.Precondition($"{target} has neither a release under {Context.Home.Releases} nor an artifact (see `a0 list-artifacts`)", "no_rollback_target");
        }
        var snapshots = new SnapshotStore(Context);
        var restore = restoreData
            ? snapshots.BeforeSwitchTo(current) ?? throw A0Exception.Precondition($"there is no snapshot taken before the switch to {current}; nothing to restore", "no_snapshot")
            : null;

        var journal = OperationJournal.Begin(Context, new Journal
        {
            Operation = RollbackOperation.Operation,
            Version = target,
            StartedAt = Context.Now,
            Pid = Environment.ProcessId,
            Switch = new SwitchPayload(current, target, new AppSwitch(Context, config.AppPath).CurrentTarget())
            {
                FromCommitSha = version.CommitSha,
                ToCommitSha = artifact?.Manifest.CommitSha,
                NewRelease = hasRelease ? null : maker.TempFor(target),
                SnapshotId = SnapshotStore.NewId(Context.Now),
                ScratchDir = ScratchRelease.NewRoot(Context.TempRoot, "rollback"),
                RestoreSnapshotId = restore?.Id,
                RestoredDataAside = restore is null ? null : DataRestore.AsideFor(Context),
            },
        });
        return await journal.RunAsync(operation, session.Actor, async () =>
        {
            var payload = journal.Current.Switch!;
            var switching = new SwitchSteps(Context, config, journal, session.Actor);
            session.StateMachine.Transition(session.Actor, OperationState.RollingBack, "operator_reset",
                next => next with { ActiveOperation = new ActiveOperation(RollbackOperation.Operation, target, Context.Now) { Pid = Environment.ProcessId } },
                target, new JsonObject { ["from_version"] = current, ["restore_data"] = restore?.Id });
            switching.Snapshot(current, target, payload.SnapshotId);
            if (payload.NewRelease is { } temp)
            {
                journal.Step("release");
                maker.Make(target, artifact!, temp, config.UserData);
                switching.Audit("release_made", target, new JsonObject { ["release"] = release, ["build_id"] = artifact!.Manifest.BuildId });
            }
            switching.Switch(release, target, payload.ToCommitSha);
            if (restore is not null)
            {
                new DataRestore(Context).Run(journal, snapshots.DataOf(restore.Id), payload.RestoredDataAside!);
                switching.Audit("data_restored", target, new JsonObject { ["snapshot_id"] = restore.Id, ["taken_at"] = restore.TakenAt, ["before_switch_to"] = restore.ToVersion });
            }
            var verdict = await switching.HealthAsync(release, TimeSpan.Zero).ConfigureAwait(false);
            if (!verdict.Healthy)
            {
                throw new OperationFailure("health_check_failed", ExitCode.OperationFailed, "health_check_failed", $"{target} failed its health check after the rollback: {verdict.Error}");
            }
            journal.Settle(operation, session.Actor, RollbackOperation.Completed, $"{target} is live again");
            return new SwitchResult(current, target, OperationState.Idle, verdict, switching.LogPath);
        }).ConfigureAwait(false);
    }

    /// <summary>The newest confirmed version that is not the current one (known_good.json keeps them, newest last).</summary>
    private string? NewestKnownGoodBut(string current) =>
        Context.Metadata.KnownGood.ReadOrNull()?.History.Select(h => h.Version).Reverse().FirstOrDefault(v => v != current);
}
