using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.State;

namespace A0.Cli.Commands;

public static class RecoverCommand
{
    public static Command Create(Invocation invocation)
    {
        var understand = new Option<bool>("--i-understand") { Description = "Confirm that a0 should rebuild its state from what is on disk" };
        var command = new Command("recover", "Leave FAILED_HARD: rebuild the state from the app path and version.json; acknowledge audit damage (human)") { understand };
        invocation.Bind(command, scope =>
        {
            if (!scope.Value(understand)) throw A0Exception.Usage("`a0 recover` rebuilds the state from disk; run it with --i-understand");
            using var session = CommandSession.Mutating(scope.Context, "recover", AuthorityLevel.Human, allowedInFailedHard: true);
            // Outside FAILED_HARD there is no state to rebuild, but damage to the audit log still waits for a human.
            if (session.State.State != OperationState.FailedHard && scope.Context.Audit.AcknowledgeDamage(session.Actor))
            {
                return CommandOutput.Of($"Acknowledged the damage to the audit log (`a0 audit verify` still lists it). State: {session.State.State.Name()}, unchanged.",
                    new JsonObject { ["state"] = session.State.State.Name(), ["audit_damage_acknowledged"] = true });
            }
            var version = new RecoverService(scope.Context).Recover(session);
            return CommandOutput.Of($"Recovered: the app path runs {version}. State: IDLE.", new JsonObject { ["state"] = "IDLE", ["current_version"] = version });
        });
        return command;
    }
}
