using A0.Operations;
using A0.Processes;
using A0.Staging;
using A0.Storage;

namespace A0.Init;

/// <summary>
/// Copies a checkout across filesystems (init: the app path into releases/; eject: the release back to the app path): cp -a
/// (modes, links, special files) to a temp name beside its destination, then a check that the copy outside user data hashes
/// like the original (CONTRACT §9). The caller puts the copy in place. Rerunnable: a partial copy left by a dead process is
/// removed first, its cp killed.
/// </summary>
public sealed class CheckoutCopy(A0Context context)
{
    /// <summary>The name a copy for <paramref name="destination"/> is made under, beside it.</summary>
    public static string TempFor(string destination) =>
        Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.a0-copy");

    /// <param name="failed">Turns what went wrong into the failure the operation reports.</param>
    /// <returns>The verified copy, at <see cref="TempFor"/>.</returns>
    public async Task<string> CopyBesideAsync(string source, string destination, IReadOnlyList<string> userData, Journal journal, string faultPoint,
        Func<string, A0Exception> failed, CancellationToken cancellationToken)
    {
        var temp = TempFor(destination);
        if (Directory.Exists(temp) || Symlink.IsSymlink(temp))
        {
            // Left by a dead process, whose cp the recovery has killed (RecoveryService, or the command's own resume).
            BuildDirectory.Delete(temp);
        }

        var copy = await context.Processes.RunAsync(new ProcessSpec("cp", ["-a", "--", source, temp])
        {
            OnStarted = group => context.Metadata.Journal.Write(journal with { Step = "copy", ProcessGroups = [.. journal.ProcessGroups, group] }),
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!copy.Succeeded) throw failed($"copying it to {temp} failed: {copy.StandardError.Trim()}");
            FaultInjection.Hit(context, faultPoint);
            var excluded = userData.ToHashSet(StringComparer.Ordinal);
            // Both trees in one pool of workers, on every core at once.
            var trees = TreeWalk.Hash([new TreeRoot(source, excluded), new TreeRoot(temp, excluded)], null, null, cancellationToken);
            if (trees[0].TreeHash != trees[1].TreeHash)
            {
                throw failed("the copy differs from the original outside user data (did something change it meanwhile?)");
            }
        }
        catch
        {
            BuildDirectory.Delete(temp);
            throw;
        }
        return temp;
    }
}
