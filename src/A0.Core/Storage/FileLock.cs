namespace A0.Storage;

/// <summary>
/// An OS-level lock (flock) on a lock file: exclusive (FileShare.None) for writers, shared (any other FileShare, read
/// access) for readers; either tried once or waited for. Lock files are mode 0600: anyone who can open a file can flock it.
/// </summary>
public sealed class FileLock : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    /// <summary>The exclusive lock, or null when someone holds the file locked. Creates the file (0600) when it is missing.</summary>
    public static FileLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = OwnerOnly,
            });
            Tighten(stream);
            return new FileLock(stream);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    public static FileLock Acquire(string path, TimeSpan timeout) => Wait(path, timeout, TryAcquire);

    /// <summary>Homes made before lock files were 0600 are tightened by their owner's next lock; only the owner may chmod.</summary>
    private static void Tighten(FileStream stream)
    {
        if ((File.GetUnixFileMode(stream.SafeFileHandle) & ~OwnerOnly) == 0) return;
        try
        {
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly);
        }
        catch (UnauthorizedAccessException)
        {
            // Another user who may write the file (a group member) cannot tighten it; its owner will.
        }
    }

    /// <summary>
    /// A shared lock, waited for while a writer holds the exclusive one. Throws UnauthorizedAccessException when this user may
    /// not open the file and FileNotFoundException when it does not exist (nothing has been written under it yet).
    /// </summary>
    public static FileLock AcquireShared(string path, TimeSpan timeout) => Wait(path, timeout, TryAcquireShared);

    private static FileLock? TryAcquireShared(string path)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException e) when (e is not FileNotFoundException && File.Exists(path))
        {
            return null;
        }
    }

    private static FileLock Wait(string path, TimeSpan timeout, Func<string, FileLock?> attempt)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (attempt(path) is { } acquired) return acquired;
            if (Environment.TickCount64 > deadline) throw new A0Exception(ExitCode.Locked, "locked", $"{path} stayed locked for {timeout.TotalSeconds:0} s");
            Thread.Sleep(PollInterval);
        }
    }

    public void Dispose() => stream.Dispose();
}
