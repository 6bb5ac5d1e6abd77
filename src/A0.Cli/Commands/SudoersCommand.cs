using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;

namespace A0.Cli.Commands;

public static class SudoersCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("sudoers", "Print the sudoers rule that lets the agent's OS user run this a0 on this home as its owner");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "sudoers");
            var rule = SudoersRule.For(scope.Context, session.Policy, ThisExecutable.Current());
            return CommandOutput.Of(rule.Text, new JsonObject
            {
                ["agent_user"] = rule.AgentUser,
                ["owner"] = rule.Owner,
                ["home"] = rule.Home,
                ["command"] = Json.Array(rule.Command),
                ["rule"] = rule.Text,
            });
        });
        return command;
    }
}
