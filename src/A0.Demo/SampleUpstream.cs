using A0.Processes;

namespace A0.Demo;

/// <summary>
/// A release source built from samples/: a work repo with one commit and tag per release, and its bare clone
/// <c>upstream.git</c> that plays the upstream. Commits and tags are deterministic (fixed identity, dates from releases.json).
/// </summary>
public sealed class SampleUpstream
{
    private readonly DemoGit git;
    private readonly List<SampleRelease> releases;

    private SampleUpstream(DemoGit git, string workRepoPath, string bareRepoPath, List<SampleRelease> releases)
    {
        this.git = git;
        this.releases = releases;
        WorkRepoPath = workRepoPath;
        BareRepoPath = bareRepoPath;
    }

    public string BareRepoPath { get; }

    public string WorkRepoPath { get; }

    /// <summary>The releases in release order, as the bare repo has them now.</summary>
    public IReadOnlyList<SampleRelease> Releases => [.. releases];

    public SampleRelease this[string tag] => releases.Find(r => r.Tag == tag) ?? throw new ArgumentException($"no sample release {tag}", nameof(tag));

    public static async Task<SampleUpstream> CreateAsync(string samplesDirectory, string workDirectory, CancellationToken cancellationToken = default)
    {
        var git = new DemoGit(new ProcessRunner());
        workDirectory = Path.GetFullPath(workDirectory);
        var work = Path.Combine(workDirectory, "upstream-work");
        var bare = Path.Combine(workDirectory, "upstream.git");
        if (Directory.Exists(work) || Directory.Exists(bare))
        {
            throw new IOException($"{workDirectory} already holds a sample upstream");
        }
        Directory.CreateDirectory(work);
        await git.RunAsync(work, ["init", "-q", "-b", "main"], cancellationToken: cancellationToken).ConfigureAwait(false);
        CopyTree(SamplesDirectory.AgentZeroBase(samplesDirectory), work);

        var releases = new List<SampleRelease>();
        foreach (var metadata in ReleaseMetadata.ReadAll(SamplesDirectory.ReleasesJson(samplesDirectory)))
        {
            CopyTree(SamplesDirectory.ReleaseOverlay(samplesDirectory, metadata.Tag), work);
            var date = metadata.PublishedAt;
            await git.RunAsync(work, ["add", "-A"], cancellationToken: cancellationToken).ConfigureAwait(false);
            await git.RunAsync(work, ["commit", "-q", "-m", metadata.Message], date, cancellationToken).ConfigureAwait(false);
            await git.RunAsync(work, TagArguments(metadata, "HEAD", force: false), date, cancellationToken).ConfigureAwait(false);
            releases.Add(await ResolveAsync(git, work, metadata, cancellationToken).ConfigureAwait(false));
        }
        await git.RunAsync(workDirectory, ["clone", "-q", "--bare", work, bare], cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SampleUpstream(git, work, bare, releases);
    }

    /// <summary>
    /// Publishes one more release: a commit on top of the newest one with <paramref name="files"/> written over it (a file
    /// overlay directory, e.g. samples/agent-zero/broken/&lt;tag&gt;), tagged and pushed to the bare repo.
    /// </summary>
    public async Task<SampleRelease> AddReleaseAsync(ReleaseMetadata metadata, string overlayDirectory, CancellationToken cancellationToken = default)
    {
        CopyTree(overlayDirectory, WorkRepoPath);
        await git.RunAsync(WorkRepoPath, ["add", "-A"], cancellationToken: cancellationToken).ConfigureAwait(false);
        await git.RunAsync(WorkRepoPath, ["commit", "-q", "-m", metadata.Message], metadata.PublishedAt, cancellationToken).ConfigureAwait(false);
        await git.RunAsync(WorkRepoPath, TagArguments(metadata, "HEAD", force: false), metadata.PublishedAt, cancellationToken).ConfigureAwait(false);
        await git.RunAsync(WorkRepoPath, ["push", "-q", BareRepoPath, "main", $"refs/tags/{metadata.Tag}"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var added = await ResolveAsync(git, BareRepoPath, metadata, cancellationToken).ConfigureAwait(false);
        releases.Add(added);
        return added;
    }

    /// <summary>Moves a release's tag in the bare repo to another commit, keeping its kind (a tag moved after approval).</summary>
    public async Task<SampleRelease> MoveTagAsync(string tag, string commitish, CancellationToken cancellationToken = default)
    {
        var metadata = this[tag].Metadata;
        await git.RunAsync(BareRepoPath, TagArguments(metadata, commitish, force: true), metadata.PublishedAt, cancellationToken).ConfigureAwait(false);
        var moved = await ResolveAsync(git, BareRepoPath, metadata, cancellationToken).ConfigureAwait(false);
        releases[releases.FindIndex(r => r.Tag == tag)] = moved;
        return moved;
    }

    /// <summary>
    /// Adds <c>refs/tags/&lt;name&gt;</c> pointing at a commit, through git when it accepts the name, else as a loose ref file
    /// (git then ignores or mangles it, as it would on a tampered server). A name that is not a plain path under refs/tags (<c>..</c>, <c>//</c>) is refused.
    /// </summary>
    public async Task AddRawTagAsync(string name, string commitSha, CancellationToken cancellationToken = default)
    {
        var updated = await git.TryRunAsync(BareRepoPath, ["update-ref", $"refs/tags/{name}", commitSha], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (updated.Succeeded)
        {
            return;
        }
        var tagsDirectory = Path.Combine(BareRepoPath, "refs", "tags");
        var refFile = Path.Combine(tagsDirectory, name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) || Path.GetFullPath(refFile) != refFile)
        {
            throw new ArgumentException("a tag name that is not a plain path under refs/tags cannot be written as a ref file", nameof(name));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(refFile)!);
        await File.WriteAllTextAsync(refFile, commitSha + "\n", cancellationToken).ConfigureAwait(false);
    }

    private static string[] TagArguments(ReleaseMetadata metadata, string target, bool force)
    {
        var flags = (force ? ["-f"] : Array.Empty<string>()).Concat(metadata.Annotated ? ["-a", "-m", metadata.Message] : Array.Empty<string>());
        return ["tag", .. flags, "--", metadata.Tag, target];
    }

    private static async Task<SampleRelease> ResolveAsync(DemoGit git, string repo, ReleaseMetadata metadata, CancellationToken cancellationToken)
    {
        var output = await git.RunAsync(repo, ["rev-parse", $"refs/tags/{metadata.Tag}", $"refs/tags/{metadata.Tag}^{{commit}}"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new SampleRelease(metadata, lines[1], metadata.Annotated ? lines[0] : null);
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split('/').Contains("__pycache__") || relative.EndsWith(".pyc", StringComparison.Ordinal))
            {
                continue;
            }
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // A fresh write, not File.Copy: a copied mtime can make git's stat cache miss a same-sized change.
            using (var input = File.OpenRead(file))
            using (var output = File.Create(target))
            {
                input.CopyTo(output);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
