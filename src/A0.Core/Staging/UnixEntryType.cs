namespace A0.Staging;

/// <summary>A file's type as readdir's d_type gives it; a mode's S_IFMT bits shifted right by 12 give the same values.</summary>
internal enum UnixEntryType
{
    Unknown = 0,
    Fifo = 1,
    CharacterDevice = 2,
    Directory = 4,
    BlockDevice = 6,
    RegularFile = 8,
    Symlink = 10,
    Socket = 12,
}
