using System.Diagnostics;

namespace A0.Processes;

/// <summary>
/// Runs every child (git, python, pip, the app) in a process group of its own, so a timeout, a cancellation or
/// a later recovery can kill the whole group, grandchildren included.
/// </summary>
public class ProcessRunner(IReadOnlyDictionary<string, string?>? baseEnvironment = null)
{
    public const string PycachePrefixVariable = "PYTHONPYCACHEPREFIX";

    /// <summary>What the gate reads on stdin before the command may run.</summary>
    private const string GateOpen = "a0-gate-open";

    // The child waits at this gate until its group has been told to OnStarted (journaled): should a0 die in between, its
    // end of the pipe closes, the read fails and the command never runs, so a recovery never misses a child it must kill.
    // `read` takes one byte at a time from a pipe, so whatever follows the line is the command's own stdin.
    private const string Gate = "IFS= read -r gate && [ \"$gate\" = " + GateOpen + " ] && exec \"$@\"; exit 125";

    /// <summary>The environment every child starts from (the command's own, not necessarily this process's).</summary>
    public IReadOnlyDictionary<string, string?>? BaseEnvironment => baseEnvironment;

    /// <summary>Runs the child to its end (or its timeout, or cancellation, which kill its group).</summary>
    public virtual async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        await using var child = Start(spec);
        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var exitCode = await child.Exited.WaitAsync(linked.Token).ConfigureAwait(false);
            return new ProcessResult(exitCode, child.StandardOutput, child.StandardError);
        }
        catch (OperationCanceledException)
        {
            await child.KillAsync().ConfigureAwait(false);
            if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw A0Exception.Unavailable($"{spec.FileName} did not finish within {spec.Timeout}");
            }
            throw;
        }
    }

    /// <summary>Starts a child that runs until it exits or is stopped; the caller owns (and disposes) it.</summary>
    public RunningProcess Start(ProcessSpec spec)
    {
        // setsid execs in place (the child is not a group leader), so the child's pid is its process group id; sh and
        // then the command exec in place too.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in (string[])["sh", "-c", Gate, "a0-gate", spec.FileName, .. spec.Arguments]) info.ArgumentList.Add(argument);
        if (baseEnvironment is not null)
        {
            info.Environment.Clear();
            foreach (var (name, value) in baseEnvironment.Where(v => v.Value is not null)) info.Environment[name] = value;
        }
        // No .pyc of a child ever lands next to the code it runs (an artifact is never written to, CONTRACT §1);
        // a step that must compile in place (pip at staging) says so by setting the variable itself.
        info.Environment[PycachePrefixVariable] = PycachePrefix(info.Environment);
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw A0Exception.Unavailable($"cannot run {spec.FileName}: {e.Message}");
        }
        var child = new RunningProcess(process, spec.LogPath);
        try
        {
            if (child.Group is { } group) spec.OnStarted?.Invoke(group);
            process.StandardInput.Write(GateOpen + "\n" + spec.StandardInput);
        }
        finally
        {
            process.StandardInput.Close();
        }
        return child;
    }

    private static string PycachePrefix(IDictionary<string, string?> environment)
    {
        var temp = environment.TryGetValue("TMPDIR", out var tmp) && !string.IsNullOrEmpty(tmp) ? tmp : Path.GetTempPath();
        return Path.Combine(Path.GetFullPath(temp), $"a0-pycache-{Environment.UserName}");
    }
}
