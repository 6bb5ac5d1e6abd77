using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Cli.Output;
using A0.Operations;
using A0.Releases;

namespace A0.Cli.Commands;

public static class ReleaseCommands
{
    public static Command CheckUpdates(Invocation invocation)
    {
        var allowPrerelease = new Option<bool>("--allow-prerelease") { Description = "Include prereleases" };
        var forceCheck = new Option<bool>("--force-check") { Description = "Skip the ETag cache" };
        var command = new Command("check-updates", "List releases, newest first, and which are newer than the current version") { allowPrerelease, forceCheck };
        invocation.Bind(command, async scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "check-updates");
            var config = scope.Context.Metadata.Config.Read();
            using var sources = new ReleaseSources(scope.Context, config);
            var listing = await sources.Primary.ListAsync(scope.Value(forceCheck), scope.Cancellation).ConfigureAwait(false);
            foreach (var warning in listing.Warnings) scope.Renderer.Warning(warning);

            var current = scope.Context.Metadata.Version.ReadOrNull() is { } record && ReleaseVersion.TryParse(record.CurrentVersion, out var parsed) ? parsed : null;
            var shown = listing.Releases.Where(r => scope.Value(allowPrerelease) || !r.Prerelease).ToList();
            var text = new List<string> { $"{"version",-20} {"published",-20} {"prerelease",-10} newer" };
            foreach (var release in shown)
            {
                var newer = current is null || release.Version > current;
                text.Add($"{release.Tag,-20} {release.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "-",-20} {(release.Prerelease ? "yes" : "no"),-10} {(newer ? "yes" : "")}");
            }
            var newest = shown.FirstOrDefault(r => current is null || r.Version > current);
            text.Add(newest is null ? $"Up to date ({current?.Tag})." : $"Newer release available: {newest.Tag} (current {current?.Tag}). Ask for it with `a0 request-upgrade {newest.Tag}`.");
            return new CommandOutput(new JsonObject
            {
                ["current_version"] = current?.Tag,
                ["source"] = sources.Primary.Name,
                ["releases"] = new JsonArray([.. shown.Select(r => (JsonNode)new JsonObject
                {
                    ["version"] = r.Tag,
                    ["published_at"] = r.PublishedAt,
                    ["prerelease"] = r.Prerelease,
                    ["is_newer"] = current is null || r.Version > current,
                })]),
                ["warnings"] = Json.Array(listing.Warnings),
            }, text);
        });
        return command;
    }
}
