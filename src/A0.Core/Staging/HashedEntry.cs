namespace A0.Staging;

/// <summary>
/// One entry of a tree (CONTRACT §9): its '/'-separated relative path in UTF-8 and the type its directory listed; once
/// hashed, its kind (f, x or l) and sha256. A class, so lists and sorts of entries run the runtime's shared precompiled code.
/// </summary>
internal sealed class HashedEntry(byte[] path, int nameOffset, UnixEntryType type)
{
    public const byte File = (byte)'f';
    public const byte Executable = (byte)'x';
    public const byte Symlink = (byte)'l';

    public byte[] Path { get; } = path;

    /// <summary>The last component, as its directory lists it.</summary>
    public ReadOnlySpan<byte> Name => Path.AsSpan(nameOffset);

    public UnixEntryType Type { get; } = type;
    public byte Kind { get; set; }
    public Sha256Digest Digest { get; set; }
}
