namespace A0.Processes;

/// <summary>git with a fixed, prompt-free environment; a missing git is exit 7.</summary>
public sealed class Git(ProcessRunner runner)
{
    private static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["LC_ALL"] = "C",
        ["GIT_ASKPASS"] = null,
    };

    public async Task<ProcessResult> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default, TimeSpan? timeout = null, Action<JournaledProcess>? onStarted = null, string? logPath = null)
    {
        // The checkout may belong to another OS user; a0 only reads it or moves it whole.
        IReadOnlyList<string> args = workingDirectory is null ? arguments : ["-c", $"safe.directory={workingDirectory}", .. arguments];
        return await runner.RunAsync(new ProcessSpec("git", args)
        {
            WorkingDirectory = workingDirectory,
            Environment = Environment,
            Timeout = timeout ?? TimeSpan.FromMinutes(10),
            OnStarted = onStarted,
            LogPath = logPath,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> OutputAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(workingDirectory, arguments, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.StandardOutput
            : throw new A0Exception(ExitCode.Unavailable, "git_failed", $"git {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
    }
}
