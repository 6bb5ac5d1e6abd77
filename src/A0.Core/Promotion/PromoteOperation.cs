using System.Text.Json.Nodes;
using A0.Operations;
using A0.State;
using A0.Validation;

namespace A0.Promotion;

/// <summary>
/// Settles a promote from its journal. Run to its end, PROMOTING becomes COMPLETE. Stopped anywhere else (a failed health
/// check, an error, a signal before the flip, a dead process) it is undone: PROMOTING → ROLLING_BACK → IDLE, the app path
/// back on the release it pointed at before (snapshotting first, restarting the app under service management), so that it
/// points at exactly one complete release. If switching back fails too, FAILED_HARD [rollback_failed].
/// </summary>
public sealed class PromoteOperation : IJournaledOperation
{
    public const string Operation = "promote";
    public const string Completed = "promotion_completed";

    public string Name => Operation;

    public void Settle(Settlement settlement)
    {
        var (context, actor, record) = (settlement.Context, settlement.Actor, settlement.Journal);
        var payload = record.Switch ?? throw new InvalidOperationException("the promote journal has no switch payload");
        var journal = OperationJournal.Resume(context, record);
        var config = context.Metadata.Config.Read();
        var steps = new SwitchSteps(context, config, journal, actor);
        var machine = new StateMachine(context);
        ReleaseMaker.RemoveLeftover(payload.NewRelease);
        if (payload.ScratchDir is { } scratch) ScratchRelease.Remove(scratch);

        var state = machine.Load().State;
        if (state == OperationState.Promoting && settlement.Cause == Completed)
        {
            machine.Transition(actor, OperationState.Complete, TransitionReasons.PromotionCompleted, version: payload.ToVersion,
                details: new JsonObject { ["from_version"] = payload.FromVersion });
            steps.UseApproval(payload.ToVersion);
            steps.PruneSnapshots();
            return;
        }
        if (state == OperationState.Promoting)
        {
            machine.Transition(actor, OperationState.RollingBack, "promotion_failed", version: payload.ToVersion,
                details: new JsonObject { ["error"] = settlement.Message, ["cause"] = settlement.Cause });
        }
        if (machine.Load().State != OperationState.RollingBack) return;

        try
        {
            var restarted = record.Step is "health";
            if (steps.App.CurrentTarget() != payload.PreviousTarget)
            {
                steps.Snapshot(payload.ToVersion, payload.FromVersion, SnapshotStore.NewId(context.Now));
                steps.Switch(payload.PreviousTarget, payload.FromVersion, payload.FromCommitSha);
            }
            else if (context.Metadata.Version.ReadIfUsable()?.CurrentVersion != payload.FromVersion)
            {
                steps.App.Record(payload.FromVersion, payload.FromCommitSha);
            }
            if (restarted && steps.RestartBackAsync(context.Home.Release(payload.FromVersion)).GetAwaiter().GetResult() is { Healthy: false } verdict)
            {
                throw new IOException($"{payload.FromVersion} is not healthy after switching back either: {verdict.Error}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or A0Exception)
        {
            machine.Transition(actor, OperationState.FailedHard, "rollback_failed", next => next with
            {
                LastFailure = new FailureRecord("rollback_failed", $"promoting {payload.ToVersion} failed ({settlement.Message}) and switching back to {payload.FromVersion} failed: {e.Message}", context.Now)
                {
                    Version = payload.ToVersion,
                },
            }, payload.ToVersion, new JsonObject { ["error"] = e.Message });
            return;
        }
        machine.Transition(actor, OperationState.Idle, TransitionReasons.RollbackCompleted, version: payload.FromVersion, details: new JsonObject
        {
            ["automatic"] = true,
            ["rolled_back_from"] = payload.ToVersion,
            ["because"] = settlement.Message,
        });
        steps.UseApproval(payload.ToVersion);
        steps.PruneSnapshots();
    }
}
