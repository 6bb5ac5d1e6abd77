using System.Runtime.ExceptionServices;
using System.Text;

namespace A0.Staging;

/// <summary>
/// Walks and hashes trees in one pool of workers (CONTRACT §9). A worker that reads a directory queues its
/// subdirectories and its files in batches and hashes the last batch itself, so reading directories, hashing files
/// and every tree given share all cores from the start. Nothing is followed through a symlink: each name is opened
/// relative to its directory's descriptor with O_NOFOLLOW. An entry removed after its directory was read is left out,
/// so a comparison with a manifest reports it missing.
/// </summary>
internal sealed class TreeWalk
{
    private const int BatchSize = 64;
    private const int InvalidArgument = 22;
    private const int TooManyLinks = 40;
    private const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const string ChangedType = "changed type while the tree was read";

    private readonly TreeRoot[] roots;
    private readonly byte[][][] excluded;
    private readonly HashTally? tally;
    private readonly Action<string>? afterDirectoryRead;
    private readonly CancellationToken cancellationToken;
    private readonly object gate = new();
    private readonly Stack<Job> jobs = new();
    private int pending;
    private ExceptionDispatchInfo? failure;

    private TreeWalk(TreeRoot[] roots, IProgress<HashProgress>? progress, Action<string>? afterDirectoryRead, CancellationToken cancellationToken)
    {
        this.roots = roots;
        excluded = [.. roots.Select(root => root.Excluded.Select(path => Encoding.UTF8.GetBytes(path.TrimEnd('/'))).ToArray())];
        tally = progress is null ? null : new HashTally(progress);
        this.afterDirectoryRead = afterDirectoryRead;
        this.cancellationToken = cancellationToken;
    }

    /// <param name="roots">The trees, hashed together.</param>
    /// <param name="progress">Told what has been hashed, at most about ten times a second.</param>
    /// <param name="afterDirectoryRead">Called with a directory's full path once its entries are read, before any is hashed or entered.</param>
    /// <param name="cancellationToken">Stops every worker.</param>
    public static HashedTree[] Hash(IReadOnlyList<TreeRoot> roots, IProgress<HashProgress>? progress, Action<string>? afterDirectoryRead, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new TreeWalk([.. roots.Select(root => root with { Path = System.IO.Path.GetFullPath(root.Path) })], progress, afterDirectoryRead, cancellationToken).Run();
    }

    private HashedTree[] Run()
    {
        for (var tree = roots.Length - 1; tree >= 0; tree--)
        {
            jobs.Push(new Job(null, [], 0, tree, null));
        }
        pending = roots.Length;
        var workers = new Worker[Math.Max(1, Environment.ProcessorCount)];
        var helpers = new Task[workers.Length - 1];
        try
        {
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = new Worker(roots.Length);
            }
            for (var i = 0; i < helpers.Length; i++)
            {
                var worker = workers[i + 1];
                helpers[i] = Task.Run(() => Work(worker), CancellationToken.None);
            }
            Work(workers[0]);
            Task.WaitAll(helpers, CancellationToken.None);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker?.Dispose();
            }
            foreach (var job in jobs)
            {
                job.Directory?.Release();
            }
        }
        failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        tally?.Finish();

        // Each worker sorted its own entries; merging the runs and hashing the lines is done for every tree at once.
        var trees = new HashedTree[roots.Length];
        var others = new Task[roots.Length - 1];
        for (var i = 0; i < others.Length; i++)
        {
            var tree = i + 1;
            others[i] = Task.Run(() => trees[tree] = Finish(workers, tree), CancellationToken.None);
        }
        trees[0] = Finish(workers, 0);
        Task.WaitAll(others, CancellationToken.None);
        return trees;
    }

    private static HashedTree Finish(Worker[] workers, int tree)
    {
        var runs = new List<HashedEntry>[workers.Length];
        long bytes = 0;
        for (var i = 0; i < workers.Length; i++)
        {
            runs[i] = workers[i].Entries[tree];
            bytes += workers[i].Bytes[tree];
        }
        return HashedTree.FromSortedRuns(runs, bytes);
    }

    private void Work(Worker worker)
    {
        while (TryTake(out var job))
        {
            try
            {
                if (job.Files is null)
                {
                    Read(job, worker);
                }
                else
                {
                    try
                    {
                        Hash(job.Directory!, job.Files, worker);
                    }
                    finally
                    {
                        job.Directory!.Release();
                    }
                }
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                }
            }
            finally
            {
                lock (gate)
                {
                    if (--pending == 0 || failure is not null)
                    {
                        Monitor.PulseAll(gate);
                    }
                }
            }
        }
        if (failure is null && !cancellationToken.IsCancellationRequested)
        {
            foreach (var entries in worker.Entries)
            {
                entries.Sort(HashedTree.ByPath);
            }
        }
    }

    private bool TryTake(out Job job)
    {
        lock (gate)
        {
            while (failure is null && !cancellationToken.IsCancellationRequested)
            {
                if (jobs.TryPop(out job!))
                {
                    return true;
                }
                if (pending == 0)
                {
                    break;
                }
                Monitor.Wait(gate, 100);
            }
            job = null!;
            return false;
        }
    }

    private void Push(List<Job> more)
    {
        if (more.Count == 0)
        {
            return;
        }
        lock (gate)
        {
            foreach (var job in more)
            {
                jobs.Push(job);
            }
            pending += more.Count;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Opens and reads one directory, queues what is below it, and hashes its last batch of files.</summary>
    private void Read(Job job, Worker worker)
    {
        var fd = Open(job);
        if (fd < 0)
        {
            return;
        }
        var directory = new Directory(fd, job.Tree);
        try
        {
            var more = new List<Job>();
            var files = new List<HashedEntry>();
            var found = 0;
            int filled;
            while ((filled = UnixFiles.ReadDirectory(fd, worker.Listing, out var error)) != 0)
            {
                if (filled < 0)
                {
                    throw UnixFiles.Failure("readdir", FullPath(job.Tree, job.Path), error);
                }
                var listing = worker.Listing.AsSpan(0, filled);
                for (var offset = 0; offset < filled;)
                {
                    var entry = UnixFiles.NextEntry(listing, ref offset);
                    if (entry.Name.SequenceEqual("."u8) || entry.Name.SequenceEqual(".."u8))
                    {
                        continue;
                    }
                    var path = Join(job.Path, entry.Name);
                    var nameOffset = path.Length - entry.Name.Length;
                    if (IsExcluded(job.Tree, path))
                    {
                        continue;
                    }
                    if (!IsSafeName(entry.Name))
                    {
                        throw Unsafe(path, "has a control character or is not valid UTF-8");
                    }
                    var type = entry.Type == UnixEntryType.Unknown ? StatAt(directory, path, nameOffset) : entry.Type;
                    switch (type)
                    {
                        case UnixEntryType.Directory:
                            more.Add(new Job(directory, path, nameOffset, job.Tree, null));
                            break;
                        case UnixEntryType.RegularFile or UnixEntryType.Symlink:
                            found++;
                            files.Add(new HashedEntry(path, nameOffset, type));
                            if (files.Count == BatchSize)
                            {
                                more.Add(new Job(directory, job.Path, 0, job.Tree, files));
                                files = [];
                            }
                            break;
                        default:
                            throw Unsafe(path, Describe(type));
                    }
                }
            }
            tally?.Found(found);
            afterDirectoryRead?.Invoke(FullPath(job.Tree, job.Path));
            directory.AddReferences(more.Count);
            Push(more);
            Hash(directory, files, worker);
        }
        finally
        {
            directory.Release();
        }
    }

    /// <summary>The directory's descriptor, or -1 when it was removed after its parent was read.</summary>
    private int Open(Job job)
    {
        if (job.Directory is null)
        {
            return UnixFiles.OpenDirectory(roots[job.Tree].Path);
        }
        try
        {
            var fd = UnixFiles.OpenAt(job.Directory.Fd, job.Path.AsSpan(job.NameOffset), directory: true, out var error);
            if (fd >= 0 || error == UnixFiles.NoSuchEntry)
            {
                return fd;
            }
            throw error is TooManyLinks or UnixFiles.NotADirectory ? Unsafe(job.Path, ChangedType) : UnixFiles.Failure("open", FullPath(job.Tree, job.Path), error);
        }
        finally
        {
            job.Directory.Release();
        }
    }

    private void Hash(Directory directory, List<HashedEntry> files, Worker worker)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var file in files)
        {
            var name = file.Name;
            long length;
            if (file.Type == UnixEntryType.Symlink)
            {
                var targetLength = UnixFiles.ReadLinkAt(directory.Fd, name, ref worker.LinkTarget, out var error);
                if (targetLength < 0)
                {
                    if (error == UnixFiles.NoSuchEntry) continue;
                    throw error == InvalidArgument ? Unsafe(file.Path, ChangedType) : UnixFiles.Failure("readlink", FullPath(directory.Tree, file.Path), error);
                }
                file.Digest = worker.Hasher.HashBytes(worker.LinkTarget.AsSpan(0, targetLength));
                file.Kind = HashedEntry.Symlink;
                length = 0;
            }
            else
            {
                var fd = UnixFiles.OpenAt(directory.Fd, name, directory: false, out var error);
                if (fd < 0)
                {
                    if (error == UnixFiles.NoSuchEntry) continue;
                    throw error == TooManyLinks ? Unsafe(file.Path, ChangedType) : UnixFiles.Failure("open", FullPath(directory.Tree, file.Path), error);
                }
                try
                {
                    if (!UnixFiles.TryStat(fd, out var status, out error))
                    {
                        throw UnixFiles.Failure("fstat", FullPath(directory.Tree, file.Path), error);
                    }
                    if (status.Type != UnixEntryType.RegularFile)
                    {
                        throw Unsafe(file.Path, Describe(status.Type));
                    }
                    file.Kind = (status.Mode & ExecuteBits) != 0 ? HashedEntry.Executable : HashedEntry.File;
                    length = worker.Hasher.HashFile(fd, status.Size, out var digest, out error);
                    file.Digest = digest;
                    if (length < 0)
                    {
                        throw UnixFiles.Failure("read", FullPath(directory.Tree, file.Path), error);
                    }
                }
                finally
                {
                    UnixFiles.Close(fd);
                }
            }
            worker.Entries[directory.Tree].Add(file);
            worker.Bytes[directory.Tree] += length;
            tally?.Add(length);
        }
    }

    private UnixEntryType StatAt(Directory directory, byte[] path, int nameOffset) =>
        UnixFiles.TryStatAt(directory.Fd, path.AsSpan(nameOffset), out var status, out var error) ? status.Type
            : error == UnixFiles.NoSuchEntry ? UnixEntryType.RegularFile // removed since the read: the open finds it gone
            : throw UnixFiles.Failure("lstat", FullPath(directory.Tree, path), error);

    private bool IsExcluded(int tree, byte[] path)
    {
        foreach (var excludedPath in excluded[tree])
        {
            if (excludedPath.AsSpan().SequenceEqual(path))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] Join(byte[] directory, ReadOnlySpan<byte> name)
    {
        if (directory.Length == 0)
        {
            return name.ToArray();
        }
        var path = new byte[directory.Length + 1 + name.Length];
        directory.CopyTo(path, 0);
        path[directory.Length] = (byte)'/';
        name.CopyTo(path.AsSpan(directory.Length + 1));
        return path;
    }

    /// <summary>Printable ASCII is the common case; anything else must decode as UTF-8 without a control character.</summary>
    private static bool IsSafeName(ReadOnlySpan<byte> name) =>
        !name.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E) || !Encoding.UTF8.GetString(name).Any(c => char.IsControl(c) || c == '\uFFFD');

    private string FullPath(int tree, byte[] path) => System.IO.Path.Join(roots[tree].Path, Encoding.UTF8.GetString(path));

    private static string Describe(UnixEntryType type) => type switch
    {
        UnixEntryType.Fifo => "is a fifo",
        UnixEntryType.Socket => "is a socket",
        UnixEntryType.CharacterDevice => "is a character device",
        UnixEntryType.BlockDevice => "is a block device",
        _ => $"changed type ({type}) while the tree was read",
    };

    private static A0Exception Unsafe(byte[] path, string problem)
    {
        var printable = string.Concat(Encoding.UTF8.GetString(path).Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
        return new(ExitCode.OperationFailed, "unsafe_tree", $"The tree cannot be checksummed: {printable} {problem}.")
        {
            Details = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["path"] = printable },
        };
    }

    /// <summary>Either a directory to read (<see cref="Files"/> null; <see cref="Directory"/> is its parent, null for a tree's top)
    /// or a batch of files in <see cref="Directory"/>. Holds a reference on <see cref="Directory"/> until done.</summary>
    private sealed record Job(Directory? Directory, byte[] Path, int NameOffset, int Tree, List<HashedEntry>? Files);

    /// <summary>An open directory, closed when the last job that opens names in it is done.</summary>
    private sealed class Directory(int fd, int tree)
    {
        private int references = 1;

        public int Fd { get; } = fd;
        public int Tree { get; } = tree;

        public void AddReferences(int count) => Interlocked.Add(ref references, count);

        public void Release()
        {
            if (Interlocked.Decrement(ref references) == 0)
            {
                UnixFiles.Close(Fd);
            }
        }
    }

    /// <summary>One worker's buffers, hasher and results (per tree), so workers share nothing while they hash.</summary>
    private sealed class Worker : IDisposable
    {
        public Worker(int trees)
        {
            Entries = new List<HashedEntry>[trees];
            for (var tree = 0; tree < trees; tree++)
            {
                Entries[tree] = [];
            }
            Bytes = new long[trees];
        }

        public byte[] Listing { get; } = new byte[32 * 1024];
        public byte[] LinkTarget = new byte[4096];
        public ContentHasher Hasher { get; } = new();
        public List<HashedEntry>[] Entries { get; }
        public long[] Bytes { get; }

        public void Dispose() => Hasher.Dispose();
    }
}
