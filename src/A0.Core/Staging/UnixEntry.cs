namespace A0.Staging;

/// <summary>What lstat says about one path.</summary>
internal readonly record struct UnixEntry(UnixEntryType Type, UnixFileMode Mode, long Size);
