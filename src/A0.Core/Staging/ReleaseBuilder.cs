using System.Diagnostics;
using A0.Config;
using A0.Operations;
using A0.Processes;
using A0.Releases;

namespace A0.Staging;

/// <summary>
/// The build steps of staging against real git, python and pip: clone, verify, move, venv, install, hash.
/// Every child runs in its own process group, told to <paramref name="onChildStarted"/> so it can be journaled.
/// </summary>
public sealed class ReleaseBuilder(A0Context context, A0Config config, BuildWorkspace workspace, Action<JournaledProcess> onChildStarted, IProgress<StagingProgress>? progress)
{
    // The venv is compiled where it lies, before its manifest, so that the app never writes a .pyc into it later.
    private static readonly IReadOnlyDictionary<string, string?> CompileInPlace = new Dictionary<string, string?> { [ProcessRunner.PycachePrefixVariable] = null };

    private static readonly TimeSpan StepTimeout = TimeSpan.FromHours(1);

    private readonly Git git = new(context.Processes);

    private IReadOnlyList<string> VenvArguments => ["-m", "venv", "--", workspace.Venv];

    public async Task CloneAsync(string tag, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workspace.TempDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        progress?.Report(new StagingProgress("clone"));
        var result = await git.RunAsync(null, ["-c", "advice.detachedHead=false", "clone", "--depth", "1", "--branch", tag, "--", config.CloneUrl, workspace.CloneDir],
            cancellationToken, TimeSpan.FromMinutes(30), onChildStarted, workspace.LogPath).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new OperationFailure("clone_failed", ExitCode.Unavailable, "clone_failed", $"git clone of {tag} from {config.CloneUrl} failed (see {workspace.LogPath})");
        }
    }

    /// <summary>HEAD of the clone must be the approved commit, and the tag the approved tag object.</summary>
    public async Task VerifyCloneAsync(string tag, ResolvedTag approved, CancellationToken cancellationToken)
    {
        var output = await git.OutputAsync(workspace.CloneDir, ["rev-parse", "HEAD", $"refs/tags/{tag}"], cancellationToken).ConfigureAwait(false);
        var (head, tagObject) = output.Split('\n', StringSplitOptions.RemoveEmptyEntries) is [var h, var t] ? (h, t) : ("", "");
        if (head != approved.CommitSha)
        {
            throw new OperationFailure("commit_mismatch", ExitCode.Integrity, "integrity_violation", $"the clone of {tag} is at {head}, but the approved commit is {approved.CommitSha}");
        }
        if (approved.TagObjectSha is not null && tagObject != approved.TagObjectSha)
        {
            throw new OperationFailure("commit_mismatch", ExitCode.Integrity, "integrity_violation", $"tag {tag} in the clone is object {tagObject}, but the approved tag object is {approved.TagObjectSha}");
        }
    }

    /// <summary>Moves the clone, .git included, to builds/&lt;id&gt;/tree (a copy when $TMPDIR is another filesystem).</summary>
    public async Task MoveTreeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workspace.BuildPath);
        try
        {
            Posix.Rename(workspace.CloneDir, workspace.Tree);
        }
        catch (IOException) when (!Directory.Exists(workspace.Tree))
        {
            var copy = await context.Processes.RunAsync(new ProcessSpec("cp", ["-a", "--", workspace.CloneDir, workspace.Tree]) { OnStarted = onChildStarted }, cancellationToken).ConfigureAwait(false);
            if (!copy.Succeeded) throw new OperationFailure("move_failed", ExitCode.OperationFailed, "move_failed", $"copying the clone into {workspace.Tree} failed: {copy.StandardError.Trim()}");
            BuildDirectory.Delete(workspace.CloneDir);
        }
    }

    /// <summary>
    /// Starts <c>python -m venv</c> in the build dir. It needs nothing from the clone (nothing of the clone runs before
    /// pip), so it runs beside it; its output is kept and logged by <see cref="FinishVenvAsync"/>, after the clone's.
    /// </summary>
    public Task<ProcessResult> StartVenv(string python, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workspace.BuildPath);
        return context.Processes.RunAsync(new ProcessSpec(python, VenvArguments)
        {
            Environment = CompileInPlace,
            OnStarted = onChildStarted,
            Timeout = StepTimeout,
        }, cancellationToken);
    }

    /// <summary>Waits for the venv that <see cref="StartVenv"/> started, logs its output, and returns its Python's version.</summary>
    public async Task<string> FinishVenvAsync(string python, Task<ProcessResult> venv, CancellationToken cancellationToken)
    {
        progress?.Report(new StagingProgress("venv"));
        var result = await venv.ConfigureAwait(false);
        await File.AppendAllTextAsync(workspace.LogPath, Command(python, VenvArguments) + result.StandardOutput + result.StandardError, cancellationToken).ConfigureAwait(false);
        Check(result, "venv_failed", $"creating the venv with {python}");
        var version = await context.Processes.RunAsync(new ProcessSpec(workspace.Python, ["--version"]), cancellationToken).ConfigureAwait(false);
        return (version.StandardOutput + version.StandardError).Trim();
    }

    /// <summary>pip install -r requirements.txt, then requirements2.txt if present, honouring the user's pip configuration.</summary>
    public async Task InstallRequirementsAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workspace.PipTemp);
        foreach (var requirements in new[] { "requirements.txt", "requirements2.txt" })
        {
            if (!File.Exists(Path.Combine(workspace.Tree, requirements))) continue;
            progress?.Report(new StagingProgress($"pip install -r {requirements}"));
            await RunLoggedAsync("dependencies_failed", $"pip install -r {requirements}", workspace.Python,
                ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-r", requirements], cancellationToken,
                workingDirectory: workspace.Tree,
                environment: new Dictionary<string, string?>(CompileInPlace) { ["TMPDIR"] = workspace.PipTemp, ["PIP_NO_INPUT"] = "1" }).ConfigureAwait(false);
        }
    }

    public TreeChecksums Hash(string root, IReadOnlySet<string> excluded, string phase, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var reporter = progress is null ? null : new Progress<HashProgress>(p => progress.Report(new StagingProgress(
            phase, p.FilesHashed, p.BytesHashed, p.BytesHashed / 1048576.0 / Math.Max(clock.Elapsed.TotalSeconds, 0.001), p.TotalFiles)));
        return TreeHasher.Compute(root, excluded, reporter, cancellationToken);
    }

    private async Task RunLoggedAsync(string failureEvent, string what, string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await File.AppendAllTextAsync(workspace.LogPath, Command(fileName, arguments), cancellationToken).ConfigureAwait(false);
        var result = await context.Processes.RunAsync(new ProcessSpec(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            Environment = environment ?? new Dictionary<string, string?>(),
            LogPath = workspace.LogPath,
            OnStarted = onChildStarted,
            Timeout = StepTimeout,
        }, cancellationToken).ConfigureAwait(false);
        Check(result, failureEvent, what);
    }

    private static string Command(string fileName, IReadOnlyList<string> arguments) => $"$ {fileName} {string.Join(' ', arguments)}\n";

    private void Check(ProcessResult result, string failureEvent, string what)
    {
        if (!result.Succeeded)
        {
            throw new OperationFailure(failureEvent, ExitCode.OperationFailed, failureEvent, $"{what} failed with exit {result.ExitCode}: {LogTail()} (log: {workspace.LogPath})");
        }
    }

    private string LogTail()
    {
        var lines = File.ReadAllLines(workspace.LogPath).Where(l => l.Trim().Length > 0).TakeLast(3);
        return string.Join(" | ", lines.Select(l => l.Trim()));
    }
}
