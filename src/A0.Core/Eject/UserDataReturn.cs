using A0.Operations;
using A0.Processes;
using A0.Storage;
using A0.UserData;

namespace A0.Eject;

/// <summary>
/// Brings user data back from data/ into the checkout the app path becomes: the reverse of <see cref="UserDataLinks"/>. Nothing
/// is ever copied through a symlink, and each path is decided by what is on disk, so a crash anywhere is finished by running
/// it again.
/// </summary>
public static class UserDataReturn
{
    /// <summary>
    /// Same filesystem: each link in the release is swapped with the data it points to in one step (renameat2), so a running
    /// app never finds the path missing, and the link left in data/ is removed.
    /// </summary>
    public static void MoveInto(A0Context context, string release, string data, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var inRelease = Path.Combine(release, path);
            var inData = Path.Combine(data, path);
            if (Symlink.PointsTo(inRelease, inData))
            {
                if (!FileSystemEntry.Exists(inData))
                {
                    // A link to nothing: a dotfile such as .env that the user never had.
                    File.Delete(inRelease);
                }
                else if (!Posix.TryExchange(inData, inRelease))
                {
                    File.Delete(inRelease);
                    Posix.Rename(inData, inRelease);
                }
                FaultInjection.Hit(context, "eject.user_data_exchanged");
            }
            else if (!FileSystemEntry.Exists(inRelease) && FileSystemEntry.Exists(inData) && !IsLeftoverLink(inRelease, inData))
            {
                // Killed between removing the link and moving the data in its place (where the filesystem cannot swap).
                Posix.Rename(inData, inRelease);
            }
            RemoveLeftoverLink(inRelease, inData);
        }
    }

    /// <summary>
    /// Another filesystem: in a copy of the release, each link into data/ is replaced by a copy of the data (symlinks copied as
    /// links). What cannot be copied (a socket, an unreadable file) is named; it stays with the original data in the record.
    /// </summary>
    public static IReadOnlyList<string> CopyInto(string copy, string release, string data, IEnumerable<string> paths)
    {
        var skipped = new List<string>();
        foreach (var path in paths)
        {
            var inCopy = Path.Combine(copy, path);
            var inData = Path.Combine(data, path);
            if (new FileInfo(inCopy).LinkTarget == Symlink.RelativeTarget(Path.Combine(release, path), inData)) File.Delete(inCopy);
            if (!FileSystemEntry.Exists(inData) || FileSystemEntry.Exists(inCopy)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(inCopy)!);
            skipped.AddRange(TreeCopy.UserData(inData, inCopy).Skipped);
        }
        return skipped;
    }

    /// <summary>Undoes <see cref="MoveInto"/> while the app path still links to the release: each path back in data/, linked again.</summary>
    public static void Relink(string release, string data, IReadOnlyList<string> paths)
    {
        foreach (var path in paths) RemoveLeftoverLink(Path.Combine(release, path), Path.Combine(data, path));
        UserDataLinks.AdoptAndLink(release, data, paths);
    }

    /// <summary>The release's link, now in data/ after the swap: recognised by the very target a0 gave it.</summary>
    private static bool IsLeftoverLink(string inRelease, string inData) =>
        new FileInfo(inData).LinkTarget == Symlink.RelativeTarget(inRelease, inData);

    private static void RemoveLeftoverLink(string inRelease, string inData)
    {
        if (IsLeftoverLink(inRelease, inData)) File.Delete(inData);
    }
}
