using System.Text.Json.Nodes;
using A0.Audit;
using A0.Operations;
using A0.State;

namespace A0.Validation;

/// <summary>
/// Settles a validation from its journal: the scratch release is removed (its process groups are dead by now). A FAILED
/// verdict moves VALIDATING to FAILED; anything else (it passed, was interrupted, or its process died) leaves VALIDATING.
/// </summary>
public sealed class ValidationOperation : IJournaledOperation
{
    public const string Operation = "validate";
    public const string Completed = "validation_completed";
    public const string Failed = "validation_failed";

    public string Name => Operation;

    public void Settle(Settlement settlement)
    {
        var (context, actor, journal) = (settlement.Context, settlement.Actor, settlement.Journal);
        var payload = journal.Validation ?? throw new InvalidOperationException("the validate journal has no validation payload");
        ScratchRelease.Remove(payload.ScratchDir);
        if (settlement.Cause == Completed) return;

        var machine = new StateMachine(context);
        if (settlement.Cause == Failed)
        {
            if (machine.Load().State != OperationState.Validating) return;
            machine.Transition(actor, OperationState.Failed, "validation_error", next => next with
            {
                LastFailure = new FailureRecord(Failed, settlement.Message, context.Now) { Version = journal.Version, BuildLogPath = context.Home.BuildLog(payload.BuildId) },
            }, journal.Version, new JsonObject { ["error"] = settlement.Message });
            return;
        }
        context.Audit.Append(actor, new AuditEvent(settlement.Cause, journal.Version, new JsonObject
        {
            ["build_id"] = payload.BuildId,
            ["error"] = settlement.Message,
            ["scratch_removed"] = payload.ScratchDir,
        }));
    }
}
