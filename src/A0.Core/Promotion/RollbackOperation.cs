using System.Text.Json.Nodes;
using A0.Operations;
using A0.State;
using A0.Validation;

namespace A0.Promotion;

/// <summary>
/// Settles a rollback from its journal. Run to its end, ROLLING_BACK becomes IDLE. A rollback whose process died is finished
/// when its target release is complete (switch, version, restored data), else left where it was, and IDLE either way (the
/// app path points at one complete release). A rollback that failed in its own process (its target unhealthy, an error)
/// is FAILED_HARD [rollback_failed]: a human decides what runs next.
/// </summary>
public sealed class RollbackOperation : IJournaledOperation
{
    public const string Operation = "rollback";
    public const string Completed = "rollback_completed";

    public string Name => Operation;

    public void Settle(Settlement settlement)
    {
        var (context, actor, record) = (settlement.Context, settlement.Actor, settlement.Journal);
        var payload = record.Switch ?? throw new InvalidOperationException("the rollback journal has no switch payload");
        var journal = OperationJournal.Resume(context, record);
        var machine = new StateMachine(context);
        ReleaseMaker.RemoveLeftover(payload.NewRelease);
        if (payload.ScratchDir is { } scratch) ScratchRelease.Remove(scratch);
        if (machine.Load().State != OperationState.RollingBack) return;

        var details = new JsonObject { ["from_version"] = payload.FromVersion, ["cause"] = settlement.Cause };
        if (settlement.Cause == Completed)
        {
            machine.Transition(actor, OperationState.Idle, TransitionReasons.RollbackCompleted, version: payload.ToVersion, details: details);
            new SwitchSteps(context, context.Metadata.Config.Read(), journal, actor).PruneSnapshots();
            return;
        }
        if (!settlement.IsRecovery)
        {
            machine.Transition(actor, OperationState.FailedHard, "rollback_failed", next => next with
            {
                LastFailure = new FailureRecord("rollback_failed", $"the rollback from {payload.FromVersion} to {payload.ToVersion} failed: {settlement.Message}", context.Now)
                {
                    Version = payload.ToVersion,
                },
            }, payload.ToVersion, new JsonObject { ["error"] = settlement.Message });
            return;
        }

        var release = context.Home.Release(payload.ToVersion);
        details["finished"] = Directory.Exists(release) && record.Step is not ("start" or "snapshot" or "release");
        if (details["finished"]!.GetValue<bool>())
        {
            var steps = new SwitchSteps(context, context.Metadata.Config.Read(), journal, actor);
            if (steps.App.CurrentTarget() != release) steps.Switch(release, payload.ToVersion, payload.ToCommitSha);
            else steps.App.Record(payload.ToVersion, payload.ToCommitSha);
            if (payload.RestoreSnapshotId is { } snapshot && payload.RestoredDataAside is { } aside)
            {
                new DataRestore(context).Run(journal, steps.Snapshots.DataOf(snapshot), aside);
            }
        }
        machine.Transition(actor, OperationState.Idle, TransitionReasons.RollbackCompleted, version: payload.ToVersion, details: details);
    }
}
