using A0.Artifacts;
using A0.Staging;
using A0.Storage;
using A0.UserData;

namespace A0.Promotion;

/// <summary>
/// Makes releases/&lt;v&gt;/ from an artifact: a copy of its tree (reflink where the filesystem can, never hard links, so the
/// artifact stays pristine), `.venv` a link to the build's venv, user data linked into data/. Built under a temp name and
/// renamed into place once complete. A release that already runs this very build is reused as it is.
/// </summary>
public sealed class ReleaseMaker(A0Context context)
{
    public const string TempMarker = ".a0-new-";

    public string Release(string version) => context.Home.Release(version);

    /// <summary>The temp name a release of <paramref name="version"/> is built under (journaled before it is made).</summary>
    public string TempFor(string version) =>
        Path.Combine(context.Home.Releases, $".{version}{TempMarker}{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}");

    /// <summary>Whether releases/&lt;v&gt; exists and its .venv is this artifact's venv.</summary>
    public bool Runs(string version, Artifact artifact) =>
        Directory.Exists(Release(version)) && Symlink.PointsTo(Path.Combine(Release(version), ".venv"), artifact.Venv);

    public IReadOnlyList<string> Make(string version, Artifact artifact, string temp, IReadOnlyList<string> userData)
    {
        if (Runs(version, artifact)) return [];
        BuildDirectory.Delete(temp);
        Directory.CreateDirectory(context.Home.Releases);
        TreeCopy.Release(artifact.Tree, temp);
        Symlink.Replace(Path.Combine(temp, ".venv"), artifact.Venv);
        var skipped = UserDataLinks.MergeAndLink(temp, context.Home.Data, userData);
        var release = Release(version);
        if (Directory.Exists(release) || Symlink.IsSymlink(release))
        {
            // An older release of the same version that is not live (the app path is checked before): replaced whole.
            var old = temp + ".replaced";
            Processes.Posix.Rename(release, old);
            BuildDirectory.Delete(old);
        }
        Processes.Posix.Rename(temp, release);
        Processes.Posix.FsyncDirectory(context.Home.Releases);
        return skipped;
    }

    /// <summary>Removes what a dead or failed make left under a temp name.</summary>
    public static void RemoveLeftover(string? temp)
    {
        if (temp is null || !Path.GetFileName(temp).Contains(TempMarker, StringComparison.Ordinal)) return;
        BuildDirectory.Delete(temp);
        BuildDirectory.Delete(temp + ".replaced");
    }
}
