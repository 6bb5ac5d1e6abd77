namespace A0.Staging;

/// <summary>The S_IFMT bits of a Unix file mode.</summary>
internal enum UnixEntryType
{
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    RegularFile = 0x8000,
    Symlink = 0xA000,
    Socket = 0xC000,
}
