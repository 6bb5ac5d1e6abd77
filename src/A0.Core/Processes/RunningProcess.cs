using System.Diagnostics;
using System.Text;

namespace A0.Processes;

/// <summary>
/// A child started in a process group of its own that keeps running until it exits or is stopped: the app under test,
/// or a short command awaited by <see cref="ProcessRunner.RunAsync"/>.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task pumps;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly StreamWriter? log;

    internal RunningProcess(Process process, string? logPath)
    {
        this.process = process;
        Group = JournaledProcess.Of(process.Id);
        log = logPath is null ? null : new StreamWriter(logPath, append: true) { AutoFlush = true };
        pumps = Task.WhenAll(PumpAsync(process.StandardOutput, stdout), PumpAsync(process.StandardError, stderr));
        Exited = WaitAsync();
    }

    /// <summary>The group to journal; null when the child was gone before it could be read.</summary>
    public JournaledProcess? Group { get; }

    /// <summary>Completes with the exit code once the leader exits and its output is drained (the rest of its group is killed then).</summary>
    public Task<int> Exited { get; }

    public string StandardOutput => Locked(stdout);

    public string StandardError => Locked(stderr);

    /// <summary>SIGTERM to the whole group, up to <paramref name="grace"/> to exit, then SIGKILL to whatever is left.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        SignalGroup(Posix.SIGTERM);
        await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
        SignalGroup(Posix.SIGKILL);
        await Exited.ConfigureAwait(false);
    }

    /// <summary>SIGKILL to the whole group at once.</summary>
    public async Task KillAsync()
    {
        SignalGroup(Posix.SIGKILL);
        await Exited.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        process.Dispose();
        if (log is not null) await log.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> WaitAsync()
    {
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        // Grandchildren left behind by a finished leader die with it; they would also hold its output open.
        SignalGroup(Posix.SIGKILL);
        await pumps.ConfigureAwait(false);
        return process.ExitCode;
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder sink)
    {
        if (log is null)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (sink) sink.Append(buffer, 0, read);
            }
            return;
        }
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (log) log.WriteLine(line);
        }
    }

    /// <summary>Through the start-time check, so a group id reused after the child was reaped is never signalled.</summary>
    private void SignalGroup(int signal)
    {
        if (Group is { } group) group.SignalGroup(signal);
        else Posix.KillGroup(process.Id, signal);
    }

    private static string Locked(StringBuilder sink)
    {
        lock (sink) return sink.ToString();
    }
}
