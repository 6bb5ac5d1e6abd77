using System.Text.Json.Nodes;

namespace A0.Validation;

/// <summary>
/// health_check: the app, started from the scratch release on a free loopback port, answers its health URL within the
/// timeout (failing at once if it exits); its whole process group is stopped afterwards.
/// </summary>
public sealed class HealthCheck : IValidationCheck
{
    public string Name => "health_check";

    public async Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken)
    {
        using var http = check.A0.Http(new Uri("http://127.0.0.1/"));
        var (outcome, output, port) = await AppUnderTest.CheckAsync(check.A0.Processes,
            port => check.Scratch.Run(check.Config.HealthArguments(port), check.OnChildStarted),
            (app, url) => HealthProbe.WaitAsync(http, url, check.Config.HealthPaths, TimeSpan.FromSeconds(check.Config.HealthTimeoutSeconds), () => AppUnderTest.ExitOf(app), cancellationToken)).ConfigureAwait(false);
        await File.AppendAllTextAsync(check.LogPath, $"--- health_check: app output (port {port})\n{output}\n", CancellationToken.None).ConfigureAwait(false);

        var details = outcome.ToDetails();
        details["port"] = port;
        details["command"] = new JsonArray([.. check.Config.HealthCommand.Select(a => (JsonNode)a!)]);
        return outcome.IsHealthy ? CheckResult.Pass(0, details) : CheckResult.Fail(0, outcome.Error!, details);
    }
}
