using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.State;

namespace A0.Cli.Commands;

public static class ClearFailureCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("clear-failure", "Acknowledge a failure and return to IDLE (human)");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.Mutating(scope.Context, "clear-failure", AuthorityLevel.Human);
            StateMachine.Require(session.State, "clear-failure", OperationState.Failed);
            var failure = session.State.LastFailure;
            session.StateMachine.Transition(session.Actor, OperationState.Idle, "human_cleared_failure",
                version: failure?.Version, details: new JsonObject { ["cleared"] = failure?.Message });
            return CommandOutput.Of($"Cleared the failure ({failure?.Reason}: {failure?.Message}). State: IDLE.", new JsonObject { ["state"] = "IDLE" });
        });
        return command;
    }
}
