using System.Net.Http.Json;
using System.Text.Json;
using A0.Processes;

namespace A0.Tests.Support;

/// <summary>The sample app started as a user starts it (<c>.venv/bin/python run_ui.py</c> in its directory), answering /api/health on loopback.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Task<ProcessResult> process;
    private readonly string healthUrl;

    private RunningApp(CancellationTokenSource stop, Task<ProcessResult> process, int port)
    {
        this.stop = stop;
        this.process = process;
        healthUrl = $"http://127.0.0.1:{port}/api/health";
    }

    /// <summary>Starts the app in appDirectory with the venv at appDirectory/.venv and waits until it answers.</summary>
    public static async Task<RunningApp> StartAsync(string appDirectory)
    {
        var port = LoopbackPort.Free();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var process = new ProcessRunner().RunAsync(
            new ProcessSpec(Path.Combine(appDirectory, ".venv", "bin", "python"), ["run_ui.py", "--port", $"{port}"]) { WorkingDirectory = appDirectory }, stop.Token);
        var app = new RunningApp(stop, process, port);
        await app.HealthAsync();
        return app;
    }

    /// <summary>The health answer; polls while the app starts, and fails the test if it exits instead.</summary>
    public async Task<JsonElement> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            process.IsCompleted.ShouldBeFalse($"the app exited instead of answering: {(process.IsCompletedSuccessfully ? process.Result.StandardError : process.Exception?.Message)}");
            try
            {
                return await http.GetFromJsonAsync<JsonElement>(healthUrl, TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
        throw new TimeoutException($"{healthUrl} never answered");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await process;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }
}
