namespace A0.Staging;

/// <summary>
/// The checksums of one tree, CONTRACT §9. <see cref="Files"/> and <see cref="Kinds"/> enumerate in the byte order of
/// their UTF-8 paths; a kind is "f" (file), "x" (executable file) or "l" (symlink).
/// </summary>
public sealed record TreeChecksums(
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyDictionary<string, string> Kinds,
    string TreeHash,
    long TotalBytes)
{
    public int FileCount => Files.Count;
}
