using A0.Config;
using A0.Processes;

namespace A0.Releases;

/// <summary>
/// The configured source, and the resolution every binding step uses: the tag's commit from the source, cross-checked
/// against `git ls-remote` on the clone URL. A tag neither has is exit 2; one they disagree about is exit 6.
/// </summary>
public sealed class ReleaseSources(A0Context context, A0Config config) : IDisposable
{
    private readonly GitHubClient? client = config.Source == "github" ? new GitHubClient(context, config) : null;

    public GitReleaseSource Git { get; } = new(new Git(context.Processes), config.CloneUrl);

    public IReleaseSource Primary => client is null ? Git : new GitHubReleaseSource(client, config.Repo);

    public async Task<ResolvedTag> ResolveVerifiedAsync(string tag, CancellationToken cancellationToken)
    {
        var primary = await Primary.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return primary ?? throw A0Exception.Usage($"{config.CloneUrl} has no tag {tag}");
        }

        var viaGit = await Git.ResolveAsync(tag, cancellationToken).ConfigureAwait(false);
        return (primary, viaGit) switch
        {
            (null, null) => throw A0Exception.Usage($"{config.Repo} has no tag {tag}"),
            (null, _) => throw A0Exception.Integrity($"git ls-remote on {config.CloneUrl} has tag {tag} but the GitHub API does not"),
            (_, null) => throw A0Exception.Integrity($"the GitHub API has tag {tag} but git ls-remote on {config.CloneUrl} does not"),
            _ when primary.CommitSha != viaGit.CommitSha => throw A0Exception.Integrity(
                $"tag {tag}: the GitHub API says commit {primary.CommitSha}, git ls-remote says {viaGit.CommitSha}"),
            _ when primary.TagObjectSha != viaGit.TagObjectSha => throw A0Exception.Integrity(
                $"tag {tag}: the GitHub API says tag object {primary.TagObjectSha ?? "none"}, git ls-remote says {viaGit.TagObjectSha ?? "none"}"),
            _ => primary,
        };
    }

    public void Dispose() => client?.Dispose();
}
