namespace A0.Staging;

/// <summary>A build is made read-only once its manifest is written, and made writable again only to be deleted.</summary>
public static class BuildDirectory
{
    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static void MakeReadOnly(string path) => ForEachEntry(path, (entry, mode) => mode & ~WriteBits);

    public static void Delete(string path)
    {
        if (!Directory.Exists(path) || new DirectoryInfo(path).LinkTarget is not null)
        {
            if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
            return;
        }
        ForEachEntry(path, (entry, mode) => mode | UnixFileMode.UserWrite);
        Directory.Delete(path, recursive: true);
    }

    /// <summary>Changes the mode of every file and directory under path, never following symlinks.</summary>
    private static void ForEachEntry(string path, Func<string, UnixFileMode, UnixFileMode> change)
    {
        var pending = new Stack<string>();
        pending.Push(path);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            SetMode(directory, change);
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo) pending.Push(entry.FullName);
                else SetMode(entry.FullName, change);
            }
        }
    }

    private static void SetMode(string path, Func<string, UnixFileMode, UnixFileMode> change)
    {
        var mode = File.GetUnixFileMode(path);
        var changed = change(path, mode);
        if (changed != mode) File.SetUnixFileMode(path, changed);
    }
}
