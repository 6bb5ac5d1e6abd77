using A0.Processes;

namespace A0.Storage;

/// <summary>
/// Whether another user could change a path, judged as the kernel would from owner, group and mode bits (ACLs are not read):
/// root can, the owner can (it may chmod), and so can whoever the group or the others' write bit lets in. Never follows a symlink.
/// </summary>
public sealed class WriteAccess(UnixAccount user)
{
    private const int GroupWrite = 0b000_010_000;
    private const int OtherWrite = 0b000_000_010;
    private const int Sticky = 0b001_000_000_000;
    private const int TypeMask = 0xF000;
    private const int DirectoryType = 0x4000;
    private const int SymlinkType = 0xA000;

    private readonly IReadOnlySet<int> groups = UnixUser.Groups(user);

    public UnixAccount User => user;

    /// <summary>Whether the user could change the entry itself: a file's content, a directory's entries.</summary>
    public bool CouldWrite(string path) => CouldWrite(Statx.Of(path));

    /// <summary>
    /// Whether the user could put something else at this path by renaming it, or a directory above it, away. A sticky directory
    /// lets only an entry's owner rename it. For a path that does not exist yet, whether the user could make it first.
    /// </summary>
    public bool CouldRenameAway(string path)
    {
        for (var child = Path.GetFullPath(path); Path.GetDirectoryName(child) is { } parent; child = parent)
        {
            if (!FileSystemEntry.Exists(parent)) continue;
            var directory = Statx.Of(parent);
            var mayMoveChild = !FileSystemEntry.Exists(child) || Statx.Of(child).Uid == user.Uid;
            if (CouldWrite(directory) && ((directory.Mode & Sticky) == 0 || mayMoveChild)) return true;
        }
        return false;
    }

    /// <summary>Up to <paramref name="limit"/> entries under root (root included) the user could write, skipping the relative paths in <paramref name="excluded"/> whole.</summary>
    public IReadOnlyList<string> WritableUnder(string root, IReadOnlySet<string> excluded, int limit = 5)
    {
        var found = new List<string>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0 && found.Count < limit)
        {
            var path = pending.Pop();
            var status = Statx.Of(path);
            if (CouldWrite(status)) found.Add(path);
            if ((status.Mode & TypeMask) != DirectoryType) continue;
            foreach (var entry in Directory.EnumerateFileSystemEntries(path).Where(entry => !excluded.Contains(Path.GetRelativePath(root, entry))))
            {
                pending.Push(entry);
            }
        }
        return found;
    }

    // A symlink's own mode means nothing: what could replace it is write access to its directory.
    private bool CouldWrite(Statx.StatxBuffer status) =>
        (status.Mode & TypeMask) != SymlinkType
        && (user.Uid == 0
            || status.Uid == user.Uid
            || ((status.Mode & GroupWrite) != 0 && groups.Contains((int)status.Gid))
            || (status.Mode & OtherWrite) != 0);
}
