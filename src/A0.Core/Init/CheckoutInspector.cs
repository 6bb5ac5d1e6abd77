using A0.Processes;
using A0.Releases;

namespace A0.Init;

/// <summary>Reads the git checkout init is about to adopt, without changing it.</summary>
public sealed class CheckoutInspector(Git git)
{
    public async Task<AdoptedCheckout> InspectAsync(string appPath, IReadOnlyList<string> userData, CancellationToken cancellationToken)
    {
        if (new FileInfo(appPath).LinkTarget is not null) throw A0Exception.Precondition($"{appPath} is already a symlink; nothing to adopt");
        if (!Directory.Exists(appPath)) throw A0Exception.Precondition($"{appPath} does not exist: init adopts an existing Agent Zero checkout there");
        var top = await git.RunAsync(appPath, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        // git names the top by its real path; the app path may run through a symlinked directory.
        if (!top.Succeeded || Posix.RealPath(top.StandardOutput.Trim()) != Posix.RealPath(appPath))
        {
            throw A0Exception.Precondition($"{appPath} is not the top of a git checkout");
        }

        var commit = (await git.OutputAsync(appPath, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false)).Trim();
        var tags = (await git.OutputAsync(appPath, ["tag", "--points-at", "HEAD"], cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(tag => ReleaseVersion.TryParse(tag, out var version) ? version : null)
            .OfType<ReleaseVersion>()
            .ToList();
        if (tags.Count == 0)
        {
            var nearest = await git.RunAsync(appPath, ["describe", "--tags", "--abbrev=0", "HEAD"], cancellationToken).ConfigureAwait(false);
            var hint = nearest.Succeeded ? $"the nearest tag is {nearest.StandardOutput.Trim()}" : "no tag is reachable from HEAD";
            throw A0Exception.Precondition($"HEAD of {appPath} ({commit[..12]}) is not exactly a release tag; {hint}. Check out a release tag first", "not_a_release");
        }

        return new AdoptedCheckout(tags.Max()!.Tag, commit, await LocalChangesAsync(appPath, userData, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Tracked files changed and untracked files not ignored, outside user data.</summary>
    private async Task<IReadOnlyList<string>> LocalChangesAsync(string appPath, IReadOnlyList<string> userData, CancellationToken cancellationToken)
    {
        var status = await git.OutputAsync(appPath, ["status", "--porcelain=v1", "-z", "--untracked-files=all"], cancellationToken).ConfigureAwait(false);
        var entries = status.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var changes = new List<string>();
        for (var i = 0; i < entries.Length; i++)
        {
            var code = entries[i][..2];
            var path = entries[i][3..];
            if (code.Contains('R') || code.Contains('C')) i++;
            if (!userData.Any(data => path == data || path.StartsWith(data.TrimEnd('/') + "/", StringComparison.Ordinal)))
            {
                changes.Add($"{code.Trim()} {path}");
            }
        }
        return changes;
    }
}
