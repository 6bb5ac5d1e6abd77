using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace A0.Staging;

/// <summary>A tree hashed by CONTRACT §9: its entries in the byte order of their UTF-8 paths, its tree hash and the bytes read.</summary>
internal sealed class HashedTree
{
    public HashedTree(HashedEntry[] entries, long totalBytes)
    {
        Array.Sort(entries, static (a, b) => a.Path.AsSpan().SequenceCompareTo(b.Path));
        Entries = entries;
        TotalBytes = totalBytes;
        TreeHash = HashLines(entries);
    }

    public IReadOnlyList<HashedEntry> Entries { get; }
    public long TotalBytes { get; }

    /// <summary>The sha256 of the concatenated "&lt;kind&gt; &lt;hash&gt; &lt;path&gt;\n" lines.</summary>
    public string TreeHash { get; }

    public static string PathOf(HashedEntry entry) => Encoding.UTF8.GetString(entry.Path);

    /// <summary>The same checksums as maps of strings, in recipe order: what a manifest stores.</summary>
    public TreeChecksums ToChecksums()
    {
        var files = new OrderedDictionary<string, string>(Entries.Count, StringComparer.Ordinal);
        var kinds = new OrderedDictionary<string, string>(Entries.Count, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            var path = PathOf(entry);
            files.Add(path, entry.Digest.ToHex());
            kinds.Add(path, entry.Kind switch { HashedEntry.Executable => "x", HashedEntry.Symlink => "l", _ => "f" });
        }
        return new TreeChecksums(files, kinds, TreeHash, TotalBytes);
    }

    private static string HashLines(HashedEntry[] entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var used = 0;
            foreach (var entry in entries)
            {
                var length = Sha256Digest.HexLength + entry.Path.Length + 4;
                if (buffer.Length - used < length)
                {
                    hash.AppendData(buffer, 0, used);
                    used = 0;
                    if (buffer.Length < length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(length);
                    }
                }
                var line = buffer.AsSpan(used, length);
                line[0] = entry.Kind;
                line[1] = (byte)' ';
                entry.Digest.WriteHex(line[2..]);
                line[2 + Sha256Digest.HexLength] = (byte)' ';
                entry.Path.CopyTo(line[(3 + Sha256Digest.HexLength)..]);
                line[^1] = (byte)'\n';
                used += length;
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
