using System.Text.Json.Nodes;
using A0.Authority;
using A0.Operations;
using A0.State;

namespace A0.Staging;

/// <summary>A dead staging becomes FAILED with its process group killed and its temp dir and build removed; only the log stays.</summary>
public sealed class StagingRecovery : IRecovery
{
    public string Operation => StagingService.Operation;

    public void Recover(A0Context context, Journal journal, StateRecord state)
    {
        if (state.State != OperationState.Staging)
        {
            // It died after reaching VALIDATING (or a human already moved on): the artifact is complete; only the journal is left.
            return;
        }
        StagingCleanup.Run(context, journal);
        var log = journal.BuildId is null ? null : context.Home.BuildLog(journal.BuildId);
        var message = $"the staging process (pid {journal.Pid}) died at step {journal.Step ?? "start"}; its temp dir and build were removed";
        context.Audit.Append(Actor.Recovery, new Audit.AuditEvent("temp_cleanup_completed", journal.Version, new JsonObject
        {
            ["temp_dir"] = journal.TempDir,
            ["build_id"] = journal.BuildId,
            ["killed_process_group"] = journal.ProcessGroup,
        }));
        new StateMachine(context).Transition(Actor.Recovery, OperationState.Failed, "staging_failed", next => next with
        {
            LastFailure = new FailureRecord("process_died", message, context.Now) { Version = journal.Version, BuildLogPath = log },
        }, journal.Version, new JsonObject { ["error"] = message });
    }
}
