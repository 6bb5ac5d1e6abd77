using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;

namespace A0.Staging;

/// <summary>Computes <see cref="TreeChecksums"/> by the recipe of CONTRACT §9: never follows symlinks, hashes files in parallel.</summary>
public static class TreeHasher
{
    private const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly SearchValues<char> UnsafeCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(char.IsControl), '\uFFFD']);

    /// <param name="root">The tree to hash.</param>
    /// <param name="excludedTopLevel">Relative paths left out with everything below them, e.g. ".git", "usr", "knowledge/custom/".</param>
    /// <param name="progress">Told what has been hashed, at most about ten times a second.</param>
    /// <param name="cancellationToken">Stops the walk and the workers.</param>
    public static TreeChecksums Compute(
        string root,
        IReadOnlySet<string> excludedTopLevel,
        IProgress<HashProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var excluded = excludedTopLevel.Select(path => path.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        var entries = Walk(Path.GetFullPath(root), excluded, cancellationToken);
        Array.Sort(entries, ByPath);
        var totalBytes = HashAll(entries, progress, cancellationToken);

        OrderedDictionary<string, string>? files = null;
        OrderedDictionary<string, string>? kinds = null;
        string? treeHash = null;
        Parallel.Invoke(
            () => files = Map(entries, entry => entry.Hash),
            () => kinds = Map(entries, entry => entry.Kind),
            () => treeHash = TreeChecksums.HashLines(entries.Select(entry => TreeChecksums.Line(entry.Kind, entry.Hash, entry.RelativePath))));
        return new TreeChecksums(files!, kinds!, treeHash!, totalBytes);
    }

    private static int ByPath(Entry a, Entry b) => Utf8PathComparer.Instance.Compare(a.RelativePath, b.RelativePath);

    private static OrderedDictionary<string, string> Map(Entry[] entries, Func<Entry, string> value)
    {
        var map = new OrderedDictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            map.Add(entry.RelativePath, value(entry));
        }
        return map;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Entry[] Walk(string root, HashSet<string> excluded, CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        var directories = new Stack<string>();
        directories.Push("");
        while (directories.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (name, listedType) in UnixFiles.ReadDirectory(Path.Join(root, directory)))
            {
                var relativePath = directory.Length == 0 ? name : $"{directory}/{name}";
                // An excluded directory is never entered, so an exact match also leaves out everything below it.
                if (excluded.Contains(relativePath))
                {
                    continue;
                }
                if (name.AsSpan().ContainsAny(UnsafeCharacters))
                {
                    throw Unsafe(relativePath, "has a control character or is not valid UTF-8");
                }
                var fullPath = Path.Join(root, relativePath);
                var type = listedType == UnixEntryType.Unknown ? UnixFiles.Lstat(fullPath).Type : listedType;
                switch (type)
                {
                    case UnixEntryType.Directory:
                        directories.Push(relativePath);
                        break;
                    case UnixEntryType.RegularFile or UnixEntryType.Symlink:
                        entries.Add(new(relativePath, fullPath, type));
                        break;
                    default:
                        throw Unsafe(relativePath, Describe(type));
                }
            }
        }
        return [.. entries];
    }

    private static long HashAll(Entry[] entries, IProgress<HashProgress>? progress, CancellationToken cancellationToken)
    {
        var tally = new HashTally(progress, entries.Length);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(
                Partitioner.Create(entries, loadBalance: true),
                options,
                () => new ContentHasher(),
                (entry, _, hasher) =>
                {
                    tally.Add(Hash(entry, hasher));
                    return hasher;
                },
                hasher => hasher.Dispose());
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        tally.Finish();
        return tally.Bytes;
    }

    /// <summary>Sets the entry's kind and hash; returns the bytes read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Hash(Entry entry, ContentHasher hasher)
    {
        if (entry.Type == UnixEntryType.Symlink)
        {
            entry.Kind = "l";
            entry.Hash = hasher.HashBytes(UnixFiles.ReadLink(entry.FullPath));
            return 0;
        }
        var fd = UnixFiles.OpenForReading(entry.FullPath);
        try
        {
            var status = UnixFiles.Stat(fd, entry.FullPath);
            if (status.Type != UnixEntryType.RegularFile)
            {
                throw Unsafe(entry.RelativePath, Describe(status.Type));
            }
            entry.Kind = (status.Mode & ExecuteBits) != 0 ? "x" : "f";
            entry.Hash = hasher.HashFile(fd, status.Size, entry.FullPath, out var length);
            return length;
        }
        finally
        {
            UnixFiles.Close(fd);
        }
    }

    private static string Describe(UnixEntryType type) => type switch
    {
        UnixEntryType.Fifo => "is a fifo",
        UnixEntryType.Socket => "is a socket",
        UnixEntryType.CharacterDevice => "is a character device",
        UnixEntryType.BlockDevice => "is a block device",
        _ => $"changed type ({type}) while the tree was read",
    };

    private static A0Exception Unsafe(string relativePath, string problem) =>
        new(ExitCode.OperationFailed, "unsafe_tree", $"The tree cannot be checksummed: {Printable(relativePath)} {problem}.")
        {
            Details = new Dictionary<string, JsonNode?> { ["path"] = Printable(relativePath) },
        };

    private static string Printable(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    private sealed class Entry(string relativePath, string fullPath, UnixEntryType type)
    {
        public string RelativePath { get; } = relativePath;
        public string FullPath { get; } = fullPath;
        public UnixEntryType Type { get; } = type;
        public string Kind { get; set; } = "";
        public string Hash { get; set; } = "";
    }
}
