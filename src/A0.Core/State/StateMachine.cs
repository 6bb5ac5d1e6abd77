using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;

namespace A0.State;

/// <summary>
/// Loads state.json with its invariants (an unreadable or invalid state.json or journal.json reads as FAILED_HARD, never a
/// guess; reading changes nothing) and moves it only along the transition table, one audit event per transition named by its reason.
/// </summary>
public sealed class StateMachine(A0Context context)
{
    public const string InvalidStateReason = "metadata_invalid";

    public StateRecord Load()
    {
        try
        {
            if (!context.Metadata.State.Exists)
            {
                // Init writes version.json just before the first state and removes its journal just after.
                if (context.Metadata.Journal.Exists)
                {
                    throw A0Exception.Precondition("an interrupted a0 init has not written the first state yet; run `a0 init` again, or any mutating a0 command, to finish it", "init_interrupted");
                }
                if (context.Metadata.Version.Exists)
                {
                    throw new A0Exception(ExitCode.Integrity, "invalid_metadata", $"{context.Metadata.State.Path} is missing, but version.json shows this home was initialised");
                }
            }
            var state = context.Metadata.State.Read();
            // A journal that cannot be read hides what was in flight: as unknown as a bad state.json.
            context.Metadata.Journal.ReadOrNull();
            // So does a lost or broken version.json: only `recover --i-understand` rebuilds it, from what the app path runs.
            _ = context.Metadata.Version.ReadOrNull() ?? throw new A0Exception(ExitCode.Integrity, "invalid_metadata", $"{context.Metadata.Version.Path} is missing, but state.json shows this home was initialised");
            return state;
        }
        catch (A0Exception e) when (e.Code == "invalid_metadata")
        {
            return new StateRecord
            {
                State = OperationState.FailedHard,
                Reason = InvalidStateReason,
                UpdatedAt = context.Now,
                LastFailure = new FailureRecord(InvalidStateReason, e.Message, context.Now),
            };
        }
    }

    /// <summary>Writes the first state of a new home.</summary>
    public StateRecord Initialize(Actor actor)
    {
        var record = new StateRecord { State = OperationState.Idle, Reason = "initialization", UpdatedAt = context.Now };
        context.Metadata.State.Write(record);
        context.Audit.Append(actor, new AuditEvent("initialization", null, new JsonObject { ["state"] = "IDLE" }));
        return record;
    }

    /// <summary>Moves to <paramref name="to"/>; <paramref name="shape"/> sets the operation and failure fields of the new record.</summary>
    public StateRecord Transition(Actor actor, OperationState to, string reason, Func<StateRecord, StateRecord>? shape = null, string? version = null, JsonObject? details = null)
    {
        var current = Load();
        if (!TransitionTable.IsAllowed(current.State, to, reason))
        {
            throw A0Exception.Precondition($"{current.State.Name()} → {to.Name()} ({reason}) is not an allowed transition");
        }
        var next = new StateRecord
        {
            State = to,
            PreviousState = current.State,
            Reason = reason,
            UpdatedAt = context.Now,
            ActiveOperation = to.HasActiveOperation() ? current.ActiveOperation : null,
            LastFailure = to == OperationState.Failed ? current.LastFailure : null,
        };
        next = shape?.Invoke(next) ?? next;
        context.Metadata.State.Write(next);

        var eventDetails = details ?? new JsonObject();
        eventDetails["from"] = current.State.Name();
        eventDetails["to"] = to.Name();
        context.Audit.Append(actor, new AuditEvent(reason, version ?? next.ActiveOperation?.Version, eventDetails));
        if (to == OperationState.FailedHard)
        {
            new AuthorityService(context).RevokeExecutors("failed_hard", reason);
        }
        return next;
    }

    /// <summary>
    /// Any state → FAILED_HARD [recovery_failed], by a0:recovery only: a journal it cannot read or recover. Written whatever
    /// state.json holds now (it may be unreadable), so that `recover --i-understand` always has a way in.
    /// </summary>
    public StateRecord FailHard(string message, string? version, JsonObject details)
    {
        var current = context.Metadata.State.ReadIfUsable();
        var next = new StateRecord
        {
            State = OperationState.FailedHard,
            PreviousState = current?.State,
            Reason = TransitionTable.RecoveryFailed,
            UpdatedAt = context.Now,
            LastFailure = new FailureRecord(TransitionTable.RecoveryFailed, message, context.Now) { Version = version },
        };
        context.Metadata.State.Write(next);
        details["from"] = current?.State.Name();
        details["to"] = next.State.Name();
        details["error"] = message;
        context.Audit.Append(Actor.Recovery, new AuditEvent(TransitionTable.RecoveryFailed, version, details));
        new AuthorityService(context).RevokeExecutors("failed_hard", message);
        return next;
    }

    /// <summary>Exactly these states, FAILED_HARD included, else exit 4.</summary>
    public static void RequireExact(StateRecord state, string command, params OperationState[] allowed)
    {
        if (!allowed.Contains(state.State))
        {
            throw A0Exception.Precondition($"`a0 {command}` needs state {string.Join(" or ", allowed.Select(s => s.Name()))}, but the state is {state.State.Name()}");
        }
    }

    /// <summary>The state a command needs, else exit 4 naming what it is and what is expected.</summary>
    public static void Require(StateRecord state, string command, params OperationState[] allowed)
    {
        if (state.State == OperationState.FailedHard)
        {
            throw new A0Exception(ExitCode.Locked, "failed_hard", $"the install is FAILED_HARD ({state.LastFailure?.Message ?? state.Reason}); a human must run `a0 recover --i-understand`");
        }
        RequireExact(state, command, allowed);
    }
}
