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
            var releaseHasIt = File.Exists(inRelease) || Directory.Exists(inRelease) || Symlink.IsSymlink(inRelease);
            var dataHasIt = File.Exists(inData) || Directory.Exists(inData) || Symlink.IsSymlink(inData);
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
}
