using System.Text.Json.Nodes;
using A0.Config;
using A0.Processes;
using A0.Validation;

namespace A0.Promotion;

/// <summary>
/// The health check after a switch (CONTRACT §7). With service.restart_command and service.health_url, the running app is
/// restarted and polled. Otherwise the running app is the user's to restart: the app's modules are imported through the live
/// path, and the app is started from a scratch copy of the live release and polled. With a probation period, polling goes on
/// that long; any failure in it is unhealthy. Never cancelled: it runs after the flip, whose steps always run to their end.
/// </summary>
public sealed class LiveHealth(A0Context context, A0Config config, string scratchRoot, Action<JournaledProcess> onChildStarted)
{
    private static readonly TimeSpan ProbationInterval = TimeSpan.FromSeconds(2);

    public async Task<HealthVerdict> CheckAsync(string release, string logPath, TimeSpan probation) =>
        config.Service.Manages
            ? await ServiceAsync(logPath, probation).ConfigureAwait(false)
            : await ScratchAsync(release, logPath, probation).ConfigureAwait(false);

    private async Task<HealthVerdict> ServiceAsync(string logPath, TimeSpan probation)
    {
        var command = config.Service.RestartCommand!;
        var restart = await context.Processes.RunAsync(new ProcessSpec(command[0], [.. command.Skip(1)])
        {
            LogPath = logPath,
            OnStarted = onChildStarted,
            Timeout = TimeSpan.FromSeconds(config.Service.RestartTimeoutSeconds),
        }, CancellationToken.None).ConfigureAwait(false);
        var details = new JsonObject { ["mode"] = "service", ["restart_exit_code"] = restart.ExitCode, ["health_url"] = config.Service.HealthUrl };
        if (!restart.Succeeded) return new HealthVerdict(false, $"{string.Join(' ', command)} exited with {restart.ExitCode} (log: {logPath})", details);

        var url = new Uri(config.Service.HealthUrl!);
        using var http = context.Http(url);
        var outcome = await PollAsync(http, url, [url.PathAndQuery], TimeSpan.FromSeconds(config.Service.HealthTimeoutSeconds), probation, () => null).ConfigureAwait(false);
        details["health"] = outcome.ToDetails();
        return new HealthVerdict(outcome.IsHealthy, outcome.Error, details);
    }

    private async Task<HealthVerdict> ScratchAsync(string release, string logPath, TimeSpan probation)
    {
        var details = new JsonObject { ["mode"] = "scratch copy of the live release" };
        var venv = new DirectoryInfo(Path.Combine(release, ".venv"));
        if (!venv.Exists) return new HealthVerdict(false, $"{release} has no .venv to run the app with", details);
        var venvPath = venv.LinkTarget is { } target ? Path.GetFullPath(target, release) : venv.FullName;
        var live = config.AppPath;

        var scratch = ScratchRelease.Create(scratchRoot, release, venvPath, config.UserData, context.Home.Data, config.Validation.SeedPaths);
        try
        {
            var imports = await PythonImportProbe.RunAsync(context.Processes,
                new ProcessSpec(Path.Combine(live, ".venv", "bin", "python"), []) { WorkingDirectory = live, Environment = scratch.Environment, OnStarted = onChildStarted },
                config.Validation.ImportModules, TimeSpan.FromSeconds(config.Validation.ImportTimeoutSeconds), logPath, CancellationToken.None).ConfigureAwait(false);
            details["imports_through_live_path"] = imports.Details;
            if (!imports.Passed) return new HealthVerdict(false, $"importing through {live} failed: {imports.Error}", details);

            using var http = context.Http(new Uri("http://127.0.0.1/"));
            var (outcome, output, port) = await AppUnderTest.CheckAsync(context.Processes,
                port => scratch.Run(config.Validation.HealthArguments(port), onChildStarted),
                (app, url) => PollAsync(http, url, config.Validation.HealthPaths, TimeSpan.FromSeconds(config.Validation.HealthTimeoutSeconds), probation, () => AppUnderTest.ExitOf(app))).ConfigureAwait(false);
            await File.AppendAllTextAsync(logPath, $"--- health check after the switch: app output (port {port})\n{output}\n", CancellationToken.None).ConfigureAwait(false);
            details["health"] = outcome.ToDetails();
            return new HealthVerdict(outcome.IsHealthy, outcome.Error, details);
        }
        finally
        {
            ScratchRelease.Remove(scratchRoot);
        }
    }

    /// <summary>Healthy within the timeout, then healthy at every poll of the probation period.</summary>
    private async Task<HealthOutcome> PollAsync(HttpClient http, Uri url, IReadOnlyList<string> paths, TimeSpan timeout, TimeSpan probation, Func<string?> exited)
    {
        var outcome = await HealthProbe.WaitAsync(http, url, paths, timeout, exited, CancellationToken.None).ConfigureAwait(false);
        var end = context.Now + probation;
        while (outcome.IsHealthy && context.Now < end)
        {
            await Task.Delay(ProbationInterval, context.Clock).ConfigureAwait(false);
            var poll = await HealthProbe.WaitAsync(http, url, paths, ProbationInterval * 5, exited, CancellationToken.None).ConfigureAwait(false);
            if (!poll.IsHealthy) return poll with { Error = $"during probation: {poll.Error}" };
        }
        return outcome;
    }
}
