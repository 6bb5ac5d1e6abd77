namespace A0.Staging;

/// <summary>What lstat or fstat says about one file: its type, permission bits and size.</summary>
internal readonly record struct UnixEntry(UnixEntryType Type, UnixFileMode Mode, long Size);
