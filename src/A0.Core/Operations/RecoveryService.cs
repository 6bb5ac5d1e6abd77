using System.Collections.Frozen;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.State;

namespace A0.Operations;

/// <summary>
/// Run by whichever mutating command next holds the lock: a journal left behind means its process died, so its process
/// groups are killed and its operation finished or undone first, audited as a0:recovery. A journal that cannot be read,
/// names an operation this a0 does not know, or whose recovery fails leaves FAILED_HARD [recovery_failed] (the journal
/// stays for `recover --i-understand`, which is always allowed in).
/// </summary>
public sealed class RecoveryService(A0Context context)
{
    private static readonly FrozenDictionary<string, IJournaledOperation> Operations =
        new IJournaledOperation[]
        {
            new Init.InitOperation(), new Staging.StagingOperation(), new Validation.ValidationOperation(),
            new Promotion.PromoteOperation(), new Promotion.RollbackOperation(), new Eject.EjectOperation(),
        }.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>Describes the dead operation, or null when there is none (for read-only commands, which only report it).</summary>
    public string? DeadOperation()
    {
        if (State.OperationLock.LiveOwner(context) is not null) return null;
        var journal = context.Metadata.Journal.ReadIfUsable();
        var state = context.Metadata.State.ReadIfUsable();
        if (journal is null)
        {
            return state is { State: var transient } && transient.IsTransient()
                ? $"state.json says {transient.Name()}, but no a0 process runs it and no journal says what it did; the next mutating a0 command records FAILED_HARD"
                : null;
        }
        var next = state?.State == OperationState.FailedHard
            ? "a human must run `a0 recover --i-understand`"
            : "the next mutating a0 command recovers it";
        return $"{journal.Operation} of {journal.Version} (pid {journal.Pid}) died at step {journal.Step}; {next}";
    }

    /// <summary>Must be called with the operation lock held, past the command's usage and authority checks.</summary>
    public void RecoverIfNeeded()
    {
        Journal? journal;
        try
        {
            journal = context.Metadata.Journal.ReadOrNull();
        }
        catch (A0Exception e) when (e.Code == "invalid_metadata")
        {
            FailHard(null, e.Message);
            return;
        }
        var state = context.Metadata.State.Exists ? new StateMachine(context).Load() : null;
        if (state?.State == OperationState.FailedHard) return;
        if (journal is null)
        {
            if (state is { State: var transient } && transient.IsTransient())
            {
                FailHard(null, $"state.json says {transient.Name()}, but no journal says what the dead operation did");
            }
            return;
        }
        if (!Operations.TryGetValue(journal.Operation, out var operation))
        {
            FailHard(journal, $"journal.json names an operation this a0 cannot recover: '{journal.Operation}'");
            return;
        }

        context.Audit.Append(Actor.Recovery, new AuditEvent("recovery_started", journal.Version, new JsonObject
        {
            ["operation"] = journal.Operation,
            ["dead_pid"] = journal.Pid,
            ["step"] = journal.Step,
        }));
        KillProcessGroups(journal);
        try
        {
            operation.Settle(new Settlement(context, Actor.Recovery, journal, "process_died",
                $"the {journal.Operation} process (pid {journal.Pid}) died at step {journal.Step}"));
        }
        catch (Exception e) when (e is A0Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            FailHard(journal, $"recovering the {journal.Operation} of {journal.Version} failed: {e.Message}");
            return;
        }
        context.Metadata.Journal.Delete();
        // An eject past its point of no return was finished: the home is no longer managed, and the command cannot go on.
        if (!context.Metadata.State.Exists) throw Eject.EjectOperation.FinishedByRecovery(journal);
        context.Audit.Append(Actor.Recovery, new AuditEvent("recovery_completed", journal.Version, new JsonObject { ["operation"] = journal.Operation }));
    }

    /// <summary>Kills every group a journal names, through the start-time check.</summary>
    public static void KillProcessGroups(Journal journal)
    {
        foreach (var group in journal.ProcessGroups) group.KillGroup();
    }

    private void FailHard(Journal? journal, string message) =>
        new StateMachine(context).FailHard(message, journal?.Version, new JsonObject
        {
            ["operation"] = journal?.Operation,
            ["step"] = journal?.Step,
            ["dead_pid"] = journal?.Pid,
        });
}
