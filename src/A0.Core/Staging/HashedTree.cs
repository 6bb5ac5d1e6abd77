using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace A0.Staging;

/// <summary>A tree hashed by CONTRACT §9: its entries in the byte order of their UTF-8 paths, its tree hash and the bytes read.</summary>
internal sealed class HashedTree
{
    private HashedTree(HashedEntry[] entries, long totalBytes)
    {
        Entries = entries;
        TotalBytes = totalBytes;
        TreeHash = HashLines(entries);
    }

    /// <summary>The recipe's order: bytes of the UTF-8 paths.</summary>
    public static Comparison<HashedEntry> ByPath { get; } = static (a, b) => a.Path.AsSpan().SequenceCompareTo(b.Path);

    public IReadOnlyList<HashedEntry> Entries { get; }
    public long TotalBytes { get; }

    /// <summary>The sha256 of the concatenated "&lt;kind&gt; &lt;hash&gt; &lt;path&gt;\n" lines.</summary>
    public string TreeHash { get; }

    /// <summary>The tree of the entries in <paramref name="runs"/>, each already in <see cref="ByPath"/> order.</summary>
    public static HashedTree FromSortedRuns(IReadOnlyList<List<HashedEntry>> runs, long totalBytes)
    {
        var merged = new List<HashedEntry[]>(runs.Count);
        foreach (var run in runs)
        {
            merged.Add([.. run]);
        }
        while (merged.Count > 1)
        {
            var next = new List<HashedEntry[]>((merged.Count + 1) / 2);
            for (var i = 0; i < merged.Count; i += 2)
            {
                next.Add(i + 1 < merged.Count ? Merge(merged[i], merged[i + 1]) : merged[i]);
            }
            merged = next;
        }
        return new HashedTree(merged.Count == 0 ? [] : merged[0], totalBytes);
    }

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

    private static HashedEntry[] Merge(HashedEntry[] first, HashedEntry[] second)
    {
        var merged = new HashedEntry[first.Length + second.Length];
        int i = 0, j = 0, k = 0;
        while (i < first.Length && j < second.Length)
        {
            merged[k++] = ByPath(first[i], second[j]) <= 0 ? first[i++] : second[j++];
        }
        Array.Copy(first, i, merged, k, first.Length - i);
        Array.Copy(second, j, merged, k + first.Length - i, second.Length - j);
        return merged;
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
