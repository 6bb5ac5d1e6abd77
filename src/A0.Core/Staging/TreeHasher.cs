using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace A0.Staging;

/// <summary>Computes <see cref="TreeChecksums"/> by the recipe of CONTRACT §9: never follows symlinks, hashes files in parallel.</summary>
public static class TreeHasher
{
    private const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly SearchValues<char> UnsafeCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(char.IsControl), '\uFFFD']);

    private static readonly EnumerationOptions OneLevel = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
    };

    /// <param name="root">The tree to hash.</param>
    /// <param name="excludedTopLevel">Relative paths left out with everything below them, e.g. ".git", "usr", "knowledge/custom".</param>
    /// <param name="progress">Told what has been hashed, at most about ten times a second.</param>
    /// <param name="cancellationToken">Stops the walk and the workers.</param>
    public static TreeChecksums Compute(
        string root,
        IReadOnlySet<string> excludedTopLevel,
        IProgress<HashProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var entries = Walk(Path.GetFullPath(root), excludedTopLevel, cancellationToken);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var totalBytes = HashAll(entries, progress, cancellationToken);
        var t1 = sw.Elapsed.TotalMilliseconds;

        Array.Sort(entries, (a, b) => Utf8PathComparer.Instance.Compare(a.RelativePath, b.RelativePath));
        var t2 = sw.Elapsed.TotalMilliseconds;
        var files = new OrderedDictionary<string, string>(entries.Length, StringComparer.Ordinal);
        var kinds = new OrderedDictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            files.Add(entry.RelativePath, entry.Hash);
            kinds.Add(entry.RelativePath, entry.Kind);
        }
        var t3 = sw.Elapsed.TotalMilliseconds;
        var treeHash = TreeChecksums.HashLines(entries.Select(entry => TreeChecksums.Line(entry.Kind, entry.Hash, entry.RelativePath)));
        return new TreeChecksums(files, kinds, treeHash, totalBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Entry[] Walk(string root, IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var entries = new List<Entry>();
        var directories = new Stack<string>();
        directories.Push("");
        while (directories.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var children = new FileSystemEnumerable<(string Name, bool IsDirectory)>(
                Path.Join(root, directory),
                (ref FileSystemEntry child) => (child.FileName.ToString(), child.IsDirectory),
                OneLevel);
            foreach (var (name, isDirectory) in children)
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
                // IsDirectory is also true for a symlink to a directory, which is an entry, not a place to descend.
                if (isDirectory && UnixFiles.Lstat(fullPath).Type == UnixEntryType.Directory)
                {
                    directories.Push(relativePath);
                }
                else
                {
                    entries.Add(new(relativePath, fullPath));
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
        var status = UnixFiles.Lstat(entry.FullPath);
        switch (status.Type)
        {
            case UnixEntryType.RegularFile:
                entry.Kind = (status.Mode & ExecuteBits) != 0 ? "x" : "f";
                entry.Hash = hasher.HashFile(entry.FullPath, status.Size, out var length);
                return length;
            case UnixEntryType.Symlink:
                entry.Kind = "l";
                entry.Hash = hasher.HashBytes(UnixFiles.ReadLink(entry.FullPath));
                return 0;
            default:
                throw Unsafe(entry.RelativePath, status.Type switch
                {
                    UnixEntryType.Fifo => "is a fifo",
                    UnixEntryType.Socket => "is a socket",
                    UnixEntryType.CharacterDevice => "is a character device",
                    UnixEntryType.BlockDevice => "is a block device",
                    _ => $"changed type ({status.Type}) while being hashed",
                });
        }
    }

    private static A0Exception Unsafe(string relativePath, string problem) =>
        new(ExitCode.OperationFailed, "unsafe_tree", $"The tree cannot be checksummed: {Printable(relativePath)} {problem}.")
        {
            Details = new Dictionary<string, string> { ["path"] = Printable(relativePath) },
        };

    private static string Printable(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    private sealed class Entry(string relativePath, string fullPath)
    {
        public string RelativePath { get; } = relativePath;
        public string FullPath { get; } = fullPath;
        public string Kind { get; set; } = "";
        public string Hash { get; set; } = "";
    }
}
