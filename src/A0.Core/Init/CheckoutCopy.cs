using A0.Operations;
using A0.Processes;
using A0.Staging;
using A0.Storage;

namespace A0.Init;

/// <summary>
/// Brings a checkout on another filesystem than the home into releases/: cp -a (modes, links, special files) to a temp name
/// beside the release, a check that the copy outside user data hashes like the original (CONTRACT §9), then one rename.
/// Rerunnable: a partial copy left by a dead init is removed first, its cp killed.
/// </summary>
public sealed class CheckoutCopy(A0Context context)
{
    public async Task CopyAsync(string appPath, string release, IReadOnlyList<string> userData, Journal journal, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(release)!, $".{Path.GetFileName(release)}.a0-copy");
        if (Directory.Exists(temp) || Symlink.IsSymlink(temp))
        {
            // Left by a dead init, whose cp the recovery has killed (RecoveryService, or init's own resume).
            BuildDirectory.Delete(temp);
        }

        var copy = await context.Processes.RunAsync(new ProcessSpec("cp", ["-a", "--", appPath, temp])
        {
            OnStarted = group => context.Metadata.Journal.Write(journal with { Step = "copy", ProcessGroups = [.. journal.ProcessGroups, group] }),
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!copy.Succeeded) throw Failed($"copying it to {temp} failed: {copy.StandardError.Trim()}");
            FaultInjection.Hit(context, "init.after_copy");
            var excluded = userData.ToHashSet(StringComparer.Ordinal);
            if (TreeHasher.Compute(appPath, excluded, cancellationToken: cancellationToken).TreeHash != TreeHasher.Compute(temp, excluded, cancellationToken: cancellationToken).TreeHash)
            {
                throw Failed("the copy differs from the original outside user data (did something change it meanwhile?)");
            }
        }
        catch
        {
            BuildDirectory.Delete(temp);
            throw;
        }
        Posix.Rename(temp, release);
        Posix.FsyncDirectory(Path.GetDirectoryName(release)!);

        A0Exception Failed(string what) => A0Exception.Failed(
            $"{appPath} is on another filesystem than the home, and {what}. The app path is untouched; fix that and run `a0 init` again", "copy_failed");
    }
}
