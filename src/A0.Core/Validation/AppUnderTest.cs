using System.Net;
using System.Net.Sockets;
using A0.Processes;

namespace A0.Validation;

/// <summary>
/// The app started from a release on a loopback port, for as long as its health is checked. The app binds the port itself;
/// a port taken between choosing and binding (the app exits saying so) is retried on another.
/// </summary>
public static class AppUnderTest
{
    private const int Attempts = 3;

    /// <summary>Runs <paramref name="whileRunning"/> against the started app, then stops its whole process group (SIGTERM, a grace, SIGKILL).</summary>
    public static async Task<(HealthOutcome Outcome, string Output, int Port)> CheckAsync(
        ProcessRunner processes, Func<int, ProcessSpec> app, Func<RunningProcess, Uri, Task<HealthOutcome>> whileRunning)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var child = processes.Start(app(port));
            HealthOutcome outcome;
            try
            {
                outcome = await whileRunning(child, new Uri($"http://127.0.0.1:{port}")).ConfigureAwait(false);
            }
            finally
            {
                await child.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                await child.DisposeAsync().ConfigureAwait(false);
            }
            var output = child.StandardOutput + child.StandardError;
            if (outcome.IsHealthy || attempt == Attempts || !output.Contains("already in use", StringComparison.OrdinalIgnoreCase)) return (outcome, output, port);
        }
    }

    /// <summary>An "exited with N" description once the app is gone, for the probe to stop at once.</summary>
    public static string? ExitOf(RunningProcess child) =>
        child.Exited.IsCompleted ? $"the app exited with {child.Exited.Result} before it was healthy" : null;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
