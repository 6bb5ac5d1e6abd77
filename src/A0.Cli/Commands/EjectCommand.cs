using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Cli.Output;
using A0.Eject;

namespace A0.Cli.Commands;

public static class EjectCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("eject", "Undo init: the app path becomes a plain checkout with its user data, and the home is no longer managed (human)");
        invocation.Bind(command, async scope =>
        {
            var result = await new EjectService(scope.Context).RunAsync(scope.Cancellation).ConfigureAwait(false);
            if (result.Skipped.Count > 0)
            {
                scope.Renderer.Warning($"some user data could not be copied to {result.AppPath}; it stays in {result.Record}/data:\n  " + string.Join("\n  ", result.Skipped));
            }
            if (result.Copied)
            {
                scope.Renderer.Warning($"{result.AppPath} is on another filesystem than the home, so eject copied the release and its user data there; the originals " +
                    $"are kept in {result.Record}. An Agent Zero that was running keeps running from them and writing there: restart it from {result.AppPath}.");
            }
            var lines = new List<string>
            {
                $"{(result.Resumed ? "Finished the interrupted eject" : "Ejected")}: {result.AppPath} is a plain checkout of {result.Version} with its user data in place.",
                $"The home is no longer managed; its metadata is kept in {result.Record}. `a0 init` manages it again.",
            };
            if (result.BuildsKept is { } builds)
            {
                lines.Add(result.VenvLinksTo is { } venv
                    ? $"{builds} stays: {result.AppPath}/.venv links to {venv}."
                    : $"{builds} stays (staged builds); nothing of the app links there, so it can go once you no longer want them.");
            }
            return new CommandOutput(new JsonObject
            {
                ["version"] = result.Version,
                ["app_path"] = result.AppPath,
                ["record"] = result.Record,
                ["copied"] = result.Copied,
                ["builds_kept"] = result.BuildsKept,
                ["venv_links_to"] = result.VenvLinksTo,
                ["not_copied"] = Json.Array(result.Skipped),
                ["resumed"] = result.Resumed,
            }, string.Join('\n', lines));
        });
        return command;
    }
}
