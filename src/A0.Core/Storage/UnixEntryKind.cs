using A0.Staging;

namespace A0.Storage;

/// <summary>A file type as a person names it, for messages that refuse one.</summary>
internal static class UnixEntryKind
{
    public static string Describe(this UnixEntryType type) => type switch
    {
        UnixEntryType.Directory => "a directory",
        UnixEntryType.Symlink => "a symlink",
        UnixEntryType.Fifo => "a fifo",
        UnixEntryType.Socket => "a socket",
        UnixEntryType.CharacterDevice => "a character device",
        UnixEntryType.BlockDevice => "a block device",
        UnixEntryType.RegularFile => "a regular file",
        _ => "a special file",
    };
}
