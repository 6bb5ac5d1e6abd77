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
            foreach (var skipped in result.Skipped)
            {
                scope.Renderer.Warning($"not copied to {result.AppPath} (it stays in the record): {skipped}");
            }
            if (result.Copied)
            {
                scope.Renderer.Warning($"{result.AppPath} is on another filesystem than the home, so eject copied the release and its user data there; the originals " +
                    $"are kept in {result.Record}. An Agent Zero that was running keeps running from them and writing there: restart it from {result.AppPath}.");
            }
            var builds = result.BuildsKept is not { } kept ? ""
                : result.VenvLinksTo is { } venv ? $" {kept} stays: {result.AppPath}/.venv links to {venv}."
                : $" {kept} stays (staged builds; nothing of the app links there).";
            var text = $"{(result.Resumed ? "Finished the interrupted eject" : "Ejected")}: {result.AppPath} is a plain checkout of {result.Version} with its user data in place. " +
                $"The home is no longer managed; its metadata is kept in {result.Record} (`a0 init` manages it again).{builds}";
            return CommandOutput.Of(text, new JsonObject
            {
                ["version"] = result.Version,
                ["app_path"] = result.AppPath,
                ["record"] = result.Record,
                ["copied"] = result.Copied,
                ["builds_kept"] = result.BuildsKept,
                ["venv_links_to"] = result.VenvLinksTo,
                ["not_copied"] = Json.Array(result.Skipped),
                ["resumed"] = result.Resumed,
            });
        });
        return command;
    }
}
