using A0.Processes;

namespace A0.Demo;

/// <summary>Runs the demo's git with <see cref="DemoEnvironment.Git"/>; a failure is exit 7 naming the command and git's message.</summary>
internal sealed class DemoGit(ProcessRunner runner)
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(60);

    public async Task<string> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, DateTimeOffset? date = null, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(workingDirectory, arguments, date, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.StandardOutput
            : throw A0Exception.Unavailable($"git {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
    }

    public Task<ProcessResult> TryRunAsync(string? workingDirectory, IReadOnlyList<string> arguments, DateTimeOffset? date = null, CancellationToken cancellationToken = default) =>
        runner.RunAsync(
            new ProcessSpec("git", arguments) { WorkingDirectory = workingDirectory, Environment = DemoEnvironment.Git(date), Timeout = GitTimeout },
            cancellationToken);
}
