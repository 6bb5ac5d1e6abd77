using A0.Storage;

namespace A0.UserData;

/// <summary>
/// Makes each user-data path of a release a symlink into data/. Idempotent, so a crash at any point is finished by running it again.
/// </summary>
public static class UserDataLinks
{
    /// <summary>
    /// Moves what the release holds at a user-data path into data/ (init: it is the user's) and links it.
    /// A path absent from both is created in data/ as a directory unless it names a dotfile such as .env.
    /// </summary>
    public static void AdoptAndLink(string release, string data, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var inRelease = Path.Combine(release, path);
            var inData = Path.Combine(data, path);
            if (Symlink.PointsTo(inRelease, inData)) continue;

            Directory.CreateDirectory(Path.GetDirectoryName(inData)!);
            var releaseHasIt = FileSystemEntry.Exists(inRelease);
            var dataHasIt = FileSystemEntry.Exists(inData);
            if (releaseHasIt && dataHasIt)
            {
                throw A0Exception.Precondition($"both {inRelease} and {inData} exist; move one aside so user data has one home");
            }
            if (releaseHasIt)
            {
                Processes.Posix.Rename(inRelease, inData);
            }
            else if (!dataHasIt)
            {
                if (Path.GetFileName(path.TrimEnd('/')).StartsWith('.')) continue;
                Directory.CreateDirectory(inData);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(inRelease)!);
            Symlink.Replace(inRelease, Symlink.RelativeTarget(inRelease, inData));
        }
    }

    /// <summary>
    /// Links each user-data path of a release made from an artifact (promotion, a scratch release) into data/. What the release
    /// ships at such a path is copied into data/ only where the user has nothing there, never over the user's, then replaced by the link.
    /// </summary>
    public static IReadOnlyList<string> MergeAndLink(string release, string data, IEnumerable<string> paths)
    {
        var skipped = new List<string>();
        foreach (var path in paths)
        {
            var inRelease = Path.Combine(release, path);
            var inData = Path.Combine(data, path);
            if (Symlink.PointsTo(inRelease, inData)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(inData)!);
            if (Symlink.IsSymlink(inRelease))
            {
                File.Delete(inRelease);
            }
            else if (Directory.Exists(inRelease) || File.Exists(inRelease))
            {
                skipped.AddRange(TreeCopy.WhereAbsent(inRelease, inData).Skipped);
                if (Directory.Exists(inRelease)) Directory.Delete(inRelease, recursive: true);
                else File.Delete(inRelease);
            }
            if (!FileSystemEntry.Exists(inData) && !Path.GetFileName(path.TrimEnd('/')).StartsWith('.')) Directory.CreateDirectory(inData);
            Directory.CreateDirectory(Path.GetDirectoryName(inRelease)!);
            Symlink.Replace(inRelease, Symlink.RelativeTarget(inRelease, inData));
        }
        return skipped;
    }
}
