using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;

namespace A0.Cli.Commands;

public static class RecoverCommand
{
    public static Command Create(Invocation invocation)
    {
        var understand = new Option<bool>("--i-understand") { Description = "Confirm that a0 should rebuild its state from what is on disk" };
        var command = new Command("recover", "Leave FAILED_HARD: rebuild the state from the app path and version.json (human)") { understand };
        invocation.Bind(command, scope =>
        {
            if (!scope.Value(understand)) throw A0Exception.Usage("`a0 recover` rebuilds the state from disk; run it with --i-understand");
            using var session = CommandSession.Mutating(scope.Context, "recover", AuthorityLevel.Human, allowedInFailedHard: true);
            var version = new RecoverService(scope.Context).Recover(session);
            return CommandOutput.Of($"Recovered: the app path runs {version}. State: IDLE.", new JsonObject { ["state"] = "IDLE", ["current_version"] = version });
        });
        return command;
    }
}
