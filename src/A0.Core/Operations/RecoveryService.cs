using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.State;

namespace A0.Operations;

/// <summary>
/// Run by whichever mutating command next holds the lock: a journal or a transient state left behind means its process died,
/// so its operation is finished or undone first, audited as a0:recovery.
/// </summary>
public sealed class RecoveryService(A0Context context)
{
    private static readonly List<IRecovery> Handlers = [new InitRecovery(), new Staging.StagingRecovery()];

    public static void Register(IRecovery recovery)
    {
        lock (Handlers)
        {
            if (Handlers.All(h => h.Operation != recovery.Operation)) Handlers.Add(recovery);
        }
    }

    /// <summary>Describes the dead operation, or null when there is none (for read-only commands, which only report it).</summary>
    public string? DeadOperation()
    {
        if (OperationLock.LiveOwner(context) is not null) return null;
        var journal = ReadJournal();
        if (journal is not null) return $"{journal.Operation} of {journal.Version} (pid {journal.Pid}) died at step {journal.Step ?? "start"}; the next mutating a0 command recovers it";
        var state = context.Metadata.State.Exists ? new StateMachine(context).Load() : null;
        return state is { State: var s } && s.IsTransient()
            ? $"{s.Name()} of {state.ActiveOperation?.Version} died; the next mutating a0 command recovers it"
            : null;
    }

    /// <summary>Must be called with the operation lock held.</summary>
    public void RecoverIfNeeded()
    {
        var journal = ReadJournal();
        var state = context.Metadata.State.Exists ? new StateMachine(context).Load() : null;
        if (journal is null)
        {
            if (state is { State: OperationState.Staging }) FailDeadStaging(state);
            return;
        }

        IRecovery? handler;
        lock (Handlers)
        {
            handler = Handlers.FirstOrDefault(h => h.Operation == journal.Operation);
        }
        if (handler is null) throw A0Exception.Precondition($"journal.json holds an operation this a0 cannot recover: {journal.Operation}");
        context.Audit.Append(Actor.Recovery, new AuditEvent("recovery_started", journal.Version, new JsonObject
        {
            ["operation"] = journal.Operation,
            ["dead_pid"] = journal.Pid,
            ["step"] = journal.Step,
        }));
        handler.Recover(context, journal, state ?? new StateRecord { State = OperationState.Idle, Reason = "none", UpdatedAt = context.Now });
        context.Metadata.Journal.Delete();
        context.Audit.Append(Actor.Recovery, new AuditEvent("recovery_completed", journal.Version, new JsonObject { ["operation"] = journal.Operation }));
    }

    private void FailDeadStaging(StateRecord state) =>
        new StateMachine(context).Transition(Actor.Recovery, OperationState.Failed, "staging_failed", next => next with
        {
            LastFailure = new FailureRecord("process_died", "the staging process died before it journaled any work", context.Now)
            {
                Version = state.ActiveOperation?.Version,
            },
        });

    /// <summary>The journal, or null when there is none or it is unreadable (the state then reads as FAILED_HARD).</summary>
    private Journal? ReadJournal()
    {
        try
        {
            return context.Metadata.Journal.ReadOrNull();
        }
        catch (A0Exception e) when (e.Code == "invalid_metadata")
        {
            return null;
        }
    }
}
