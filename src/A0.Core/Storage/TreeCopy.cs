using System.Collections.Concurrent;
using A0.Processes;
using A0.Staging;

namespace A0.Storage;

/// <summary>
/// Copies a directory tree the one way a0 copies releases, user data and snapshots: never following a symlink (links are
/// copied as links), never hard-linking (a file rewritten in place, like .env, would change in both), cloning content where
/// the filesystem can (File.Copy tries FICLONE, then copy_file_range), keeping modes and modification times.
/// A release copy is strict: anything it cannot copy fails it. A user-data copy never fails because of what the user keeps:
/// fifos are recreated; sockets, devices, files that vanish mid-copy, unreadable files and names that are not valid UTF-8
/// are left out and named.
/// </summary>
public static class TreeCopy
{
    /// <summary>A release's tree: strict, and writable by its owner (it becomes a live checkout); top-level names in <paramref name="except"/> are left out.</summary>
    public static TreeCopyResult Release(string source, string destination, params string[] except) =>
        Run(source, destination, strict: true, ownerWritable: true, noClobber: false, except);

    /// <summary>User data or a snapshot of it, exactly as it is.</summary>
    public static TreeCopyResult UserData(string source, string destination) => Run(source, destination, strict: false, ownerWritable: false, noClobber: false, []);

    /// <summary>What a release ships under a user-data path, merged into data/ only where the user has nothing at that path.</summary>
    public static TreeCopyResult WhereAbsent(string source, string destination) => Run(source, destination, strict: false, ownerWritable: false, noClobber: true, []);

    private static TreeCopyResult Run(string source, string destination, bool strict, bool ownerWritable, bool noClobber, string[] except)
    {
        var copy = new Copier(strict, ownerWritable, noClobber, [.. except.Select(name => Path.Combine(source, name))]);
        copy.Entry(source, destination);
        copy.CopyFiles();
        copy.SetDirectoryModes();
        return new TreeCopyResult(copy.FileCount, copy.Bytes, [.. copy.Skipped.Order(StringComparer.Ordinal)]);
    }

    private sealed class Copier(bool strict, bool ownerWritable, bool noClobber, HashSet<string> except)
    {
        private readonly List<(string Source, string Destination, long Size)> files = [];
        private readonly List<(string Path, UnixFileMode Mode, DateTime Modified)> directories = [];

        public ConcurrentBag<string> Skipped { get; } = [];
        public long FileCount => files.Count;
        public long Bytes { get; private set; }

        public void Entry(string source, string destination)
        {
            if (except.Contains(source)) return;
            UnixEntry entry;
            try
            {
                entry = UnixFiles.Lstat(source);
            }
            catch (IOException e) when (!strict)
            {
                Skip(source, e.Message);
                return;
            }
            if (noClobber && FileSystemEntry.Exists(destination) && entry.Type != UnixEntryType.Directory) return;
            switch (entry.Type)
            {
                case UnixEntryType.Directory:
                    Directory(source, destination, entry);
                    break;
                case UnixEntryType.RegularFile:
                    files.Add((source, destination, entry.Size));
                    Bytes += entry.Size;
                    break;
                case UnixEntryType.Symlink:
                    Guard(source, () => File.CreateSymbolicLink(destination, new FileInfo(source).LinkTarget ?? throw new IOException("it vanished")));
                    break;
                case UnixEntryType.Fifo:
                    Guard(source, () => Posix.MakeFifo(destination, Writable(entry.Mode)));
                    break;
                default:
                    Fail(source, $"a {entry.Type.ToString().ToLowerInvariant()} cannot be copied");
                    break;
            }
        }

        public void CopyFiles()
        {
            try
            {
                Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file => Guard(file.Source, () =>
                {
                    File.Copy(file.Source, file.Destination);
                    if (ownerWritable) File.SetUnixFileMode(file.Destination, File.GetUnixFileMode(file.Destination) | UnixFileMode.UserWrite);
                }));
            }
            catch (AggregateException failed)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
            }
        }

        /// <summary>Directories are made writable while their content is copied in, and given their own mode and time last, deepest first.</summary>
        public void SetDirectoryModes()
        {
            for (var i = directories.Count - 1; i >= 0; i--)
            {
                var (path, mode, modified) = directories[i];
                File.SetUnixFileMode(path, mode);
                System.IO.Directory.SetLastWriteTimeUtc(path, modified);
            }
        }

        private void Directory(string source, string destination, UnixEntry entry)
        {
            List<string> children;
            try
            {
                children = [.. new DirectoryInfo(source).EnumerateFileSystemInfos().Select(child => child.Name)];
                if (!noClobber || !System.IO.Directory.Exists(destination))
                {
                    System.IO.Directory.CreateDirectory(destination, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    directories.Add((destination, Writable(entry.Mode), System.IO.Directory.GetLastWriteTimeUtc(source)));
                }
                else if (Symlink.IsSymlink(destination))
                {
                    return;
                }
            }
            catch (IOException e) when (!strict)
            {
                Skip(source, e.Message);
                return;
            }
            foreach (var name in children)
            {
                if (name.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    Fail(Path.Combine(source, name), "its name is not valid UTF-8");
                    continue;
                }
                Entry(Path.Combine(source, name), Path.Combine(destination, name));
            }
        }

        private UnixFileMode Writable(UnixFileMode mode) => ownerWritable ? mode | UnixFileMode.UserWrite : mode;

        private void Guard(string source, Action copy)
        {
            try
            {
                copy();
            }
            catch (Exception e) when (!strict && e is IOException or UnauthorizedAccessException)
            {
                Skip(source, e.Message);
            }
        }

        private void Fail(string source, string why)
        {
            if (strict) throw new IOException($"cannot copy {source}: {why}");
            Skip(source, why);
        }

        private void Skip(string source, string why) => Skipped.Add($"{source}: {why}");
    }
}

/// <summary>What a tree copy did: regular files and bytes copied, and what it left out and why.</summary>
public sealed record TreeCopyResult(long Files, long Bytes, IReadOnlyList<string> Skipped);
