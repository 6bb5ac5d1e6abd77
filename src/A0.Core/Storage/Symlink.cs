using A0.Processes;

namespace A0.Storage;

public static class Symlink
{
    /// <summary>Points linkPath at target in one step: a new link beside it renamed over the old (rename(2) replaces a symlink to a directory too).</summary>
    public static void Replace(string linkPath, string target)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(linkPath))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(linkPath)}.{Guid.NewGuid():N}.link");
        File.CreateSymbolicLink(temp, target);
        try
        {
            Posix.Rename(temp, linkPath);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        Posix.FsyncDirectory(directory);
    }

    /// <summary>A relative target from the link's directory, so the home can be moved as a whole.</summary>
    public static string RelativeTarget(string linkPath, string targetPath) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(linkPath))!, Path.GetFullPath(targetPath));

    public static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>Whether path is a symlink that resolves to exactly targetPath.</summary>
    public static bool PointsTo(string path, string targetPath)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return false;
        var resolved = Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(Path.GetFullPath(path))!);
        return resolved == Path.GetFullPath(targetPath);
    }
}
