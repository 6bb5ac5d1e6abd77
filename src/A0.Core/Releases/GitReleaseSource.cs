using A0.Processes;

namespace A0.Releases;

/// <summary>Releases from `git ls-remote --tags` on the clone URL: works with no API at all (Gitea, a local mirror).</summary>
public sealed class GitReleaseSource(Git git, string cloneUrl) : IReleaseSource
{
    public string Name => "git";

    public async Task<ReleaseListing> ListAsync(bool forceCheck, CancellationToken cancellationToken)
    {
        var (tags, warnings) = await LsRemoteAsync(cancellationToken).ConfigureAwait(false);
        var releases = tags.Keys
            .Select(tag => ReleaseVersion.Parse(tag))
            .OrderDescending()
            .Select(version => new ReleaseInfo(version, null, version.IsPrerelease))
            .ToList();
        return new ReleaseListing(releases, warnings);
    }

    public async Task<ResolvedTag?> ResolveAsync(string tag, CancellationToken cancellationToken)
    {
        var (tags, _) = await LsRemoteAsync(cancellationToken).ConfigureAwait(false);
        return tags.GetValueOrDefault(tag);
    }

    private async Task<(Dictionary<string, ResolvedTag> Tags, List<string> Warnings)> LsRemoteAsync(CancellationToken cancellationToken)
    {
        // "--" keeps a clone URL that looks like an option from being read as one.
        var result = await git.RunAsync(null, ["ls-remote", "--tags", "--", cloneUrl], cancellationToken, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw A0Exception.Unavailable($"git ls-remote on {cloneUrl} failed: {result.StandardError.Trim()}");
        }

        var direct = new Dictionary<string, string>(StringComparer.Ordinal);
        var peeled = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var (sha, reference) in RefLines(result.StandardOutput))
        {
            if (!reference.StartsWith("refs/tags/", StringComparison.Ordinal)) continue;
            var name = reference["refs/tags/".Length..];
            var isPeeled = name.EndsWith("^{}", StringComparison.Ordinal);
            if (isPeeled) name = name[..^3];
            if (!ReleaseVersion.TryParse(name, out _) || !GitSha.IsValid(sha))
            {
                if (!isPeeled) warnings.Add(UnsafeName.Skipped("git", name));
                continue;
            }
            (isPeeled ? peeled : direct)[name] = sha;
        }

        var tags = direct.ToDictionary(
            pair => pair.Key,
            pair => peeled.TryGetValue(pair.Key, out var commit)
                ? new ResolvedTag(pair.Key, commit, pair.Value)
                : new ResolvedTag(pair.Key, pair.Value, null),
            StringComparer.Ordinal);
        return (tags, warnings);
    }

    /// <summary>
    /// The (sha, ref) pairs of ls-remote's output. git prints ref names as they are, newlines included, so a line that
    /// is not "&lt;sha&gt;\t&lt;ref&gt;" continues the name before it (which then fails the allow-list, rather than a part of it passing).
    /// </summary>
    private static List<(string Sha, string Reference)> RefLines(string output)
    {
        var refs = new List<(string Sha, string Reference)>();
        foreach (var line in (output.EndsWith('\n') ? output[..^1] : output).Split('\n'))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab == 40 && line.AsSpan(tab + 1).StartsWith("refs/")) refs.Add((line[..tab], line[(tab + 1)..]));
            else if (refs.Count > 0) refs[^1] = refs[^1] with { Reference = refs[^1].Reference + "\n" + line };
        }
        return refs;
    }
}
