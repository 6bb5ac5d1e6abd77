namespace A0.Staging;

/// <summary>A build is made read-only once its manifest is written, and made writable again only to be deleted.</summary>
public static class BuildDirectory
{
    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private static readonly EnumerationOptions EveryEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    public static void MakeReadOnly(string path) => ForEachEntry(path, mode => mode & ~WriteBits);

    public static void Delete(string path)
    {
        if (!Directory.Exists(path) || new DirectoryInfo(path).LinkTarget is not null)
        {
            if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
            return;
        }
        ForEachEntry(path, mode => mode | UnixFileMode.UserWrite);
        Directory.Delete(path, recursive: true);
    }

    /// <summary>Changes the mode of every file and directory under path, never following symlinks.</summary>
    private static void ForEachEntry(string path, Func<UnixFileMode, UnixFileMode> change)
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(path)]);
        while (pending.TryPop(out var directory))
        {
            SetMode(directory, change);
            // Each entry's type and mode come from the one lstat its enumeration makes: no readlink or stat per entry.
            foreach (var entry in directory.EnumerateFileSystemInfos("*", EveryEntry))
            {
                if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint)) continue;
                if (entry is DirectoryInfo subdirectory) pending.Push(subdirectory);
                else SetMode(entry, change);
            }
        }
    }

    private static void SetMode(FileSystemInfo entry, Func<UnixFileMode, UnixFileMode> change)
    {
        var mode = entry.UnixFileMode;
        var changed = change(mode);
        if (changed != mode) File.SetUnixFileMode(entry.FullName, changed);
    }
}
