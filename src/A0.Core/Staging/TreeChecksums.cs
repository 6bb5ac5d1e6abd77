using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace A0.Staging;

/// <summary>
/// The checksums of one tree, CONTRACT §9. <see cref="Files"/> and <see cref="Kinds"/> enumerate in
/// <see cref="Utf8PathComparer"/> order; a kind is "f" (file), "x" (executable file) or "l" (symlink).
/// </summary>
public sealed record TreeChecksums(
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyDictionary<string, string> Kinds,
    string TreeHash,
    long TotalBytes)
{
    public int FileCount => Files.Count;

    /// <summary>The recipe's lines, each "&lt;kind&gt; &lt;hash&gt; &lt;path&gt;\n"; tree_hash is the sha256 of their UTF-8 concatenation.</summary>
    public IEnumerable<string> Lines() => Lines(Files, Kinds);

    /// <summary>The lines for any files/kinds pair (e.g. read back from a manifest), in recipe order.</summary>
    public static IEnumerable<string> Lines(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> kinds) =>
        files.OrderBy(file => file.Key, Utf8PathComparer.Instance).Select(file => Line(kinds[file.Key], file.Value, file.Key));

    public static string Line(string kind, string hash, string path) => $"{kind} {hash} {path}\n";

    /// <summary>The sha256 of the lines' UTF-8 concatenation, fed to the hash in large blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string HashLines(IEnumerable<string> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var used = 0;
            foreach (var line in lines)
            {
                var most = Encoding.UTF8.GetMaxByteCount(line.Length);
                if (buffer.Length - used < most)
                {
                    hash.AppendData(buffer, 0, used);
                    used = 0;
                }
                if (buffer.Length < most)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(line));
                    continue;
                }
                used += Encoding.UTF8.GetBytes(line, buffer.AsSpan(used));
            }
            hash.AppendData(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
