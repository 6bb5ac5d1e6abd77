namespace A0.Storage;

/// <summary>What is at a path, looked at without following a symlink there.</summary>
public static class FileSystemEntry
{
    /// <summary>Anything at all, a dangling symlink included.</summary>
    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || Symlink.IsSymlink(path);

    /// <summary>A directory itself, not a symlink to one.</summary>
    public static bool IsPlainDirectory(string path) => Directory.Exists(path) && !Symlink.IsSymlink(path);
}
