using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.State;

namespace A0.Cli.Commands;

public static class ExplainStateCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("explain-state", "What the current state means, what may happen next and who may do it");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "explain-state");
            var state = session.State.State;
            var standing = A0.Validation.ValidationStanding.Of(scope.Context, session.State);
            var steps = StateGuide.Next(state, standing?.Passed == true);
            var text = new List<string> { $"{state.Name()}: {StateGuide.Meaning(state)}" };
            if (session.State.LastFailure is { } failure) text.Add($"Because: {failure.Message}");
            // Only FAILED_HARD has a way out to explain, and it names what the app path runs.
            var appPath = state == OperationState.FailedHard ? scope.Context.Metadata.Config.ReadIfUsable()?.AppPath : null;
            var wayOut = appPath is null ? null : StateGuide.WayOut(session.State, appPath, new FileInfo(appPath).LinkTarget);
            if (wayOut is not null) text.Add(wayOut);
            if (standing is not null) text.Add(standing.Passed ? $"The artifact {standing.Version} passed validation ({standing.ReportPath})." : $"The artifact {standing.Version} awaits `a0 validate`.");
            text.Add("Next:");
            foreach (var step in steps)
            {
                var you = session.Actor.Level >= step.Who ? "you may" : "not you";
                text.Add($"  a0 {step.Command,-28} {step.Who.ToString().ToLowerInvariant(),-9} {step.Effect} ({you})");
            }
            var data = new JsonObject
            {
                ["state"] = state.Name(),
                ["meaning"] = StateGuide.Meaning(state),
                ["way_out"] = wayOut,
                ["next"] = new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject
                {
                    ["command"] = $"a0 {s.Command}",
                    ["who"] = s.Who.ToString().ToLowerInvariant(),
                    ["effect"] = s.Effect,
                    ["allowed_for_you"] = session.Actor.Level >= s.Who,
                })]),
                ["transitions"] = new JsonArray([.. TransitionTable.From(state).Select(t => (JsonNode)new JsonObject { ["to"] = t.To.Name(), ["reason"] = t.Reason })]),
            };
            return new CommandOutput(data, text);
        });
        return command;
    }
}
