using System.Diagnostics;
using System.Text;

namespace A0.Processes;

/// <summary>
/// Runs every child (git, python, pip) in a process group of its own, so a timeout, a cancellation or
/// a later recovery can kill the whole group, grandchildren included.
/// </summary>
public class ProcessRunner(IReadOnlyDictionary<string, string?>? baseEnvironment = null)
{
    /// <summary>The environment every child starts from (the command's own, not necessarily this process's).</summary>
    public IReadOnlyDictionary<string, string?>? BaseEnvironment => baseEnvironment;

    public virtual async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        // setsid execs in place (the child is not a group leader), so the child's pid is its process group id.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (baseEnvironment is not null)
        {
            info.Environment.Clear();
            foreach (var (name, value) in baseEnvironment.Where(v => v.Value is not null)) info.Environment[name] = value;
        }
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw A0Exception.Unavailable($"cannot run {spec.FileName}: {e.Message}");
        }
        if (spec.StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(spec.StandardInput).ConfigureAwait(false);
        }
        process.StandardInput.Close();
        spec.OnStarted?.Invoke(process.Id);

        using var log = spec.LogPath is null ? null : new StreamWriter(spec.LogPath, append: true) { AutoFlush = true };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var pumpOut = PumpAsync(process.StandardOutput, stdout, log);
        var pumpErr = PumpAsync(process.StandardError, stderr, log);

        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Posix.KillGroup(process.Id, Posix.SIGKILL);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw A0Exception.Unavailable($"{spec.FileName} did not finish within {spec.Timeout}");
            }
            throw;
        }
        finally
        {
            // Grandchildren left behind by a finished child die with it.
            Posix.KillGroup(process.Id, Posix.SIGKILL);
        }
        await Task.WhenAll(pumpOut, pumpErr).ConfigureAwait(false);
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder sink, StreamWriter? log)
    {
        if (log is null)
        {
            sink.Append(await reader.ReadToEndAsync().ConfigureAwait(false));
            return;
        }
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
