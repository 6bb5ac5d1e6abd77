namespace A0.Storage;

/// <summary>An OS-level exclusive lock (flock through FileShare.None), either tried once or waited for.</summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    public static FileLock? TryAcquire(string path)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    public static FileLock Acquire(string path, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (TryAcquire(path) is { } acquired) return acquired;
            if (Environment.TickCount64 > deadline) throw new A0Exception(ExitCode.Locked, "locked", $"{path} stayed locked for {timeout.TotalSeconds:0} s");
            Thread.Sleep(20);
        }
    }

    public void Dispose() => stream.Dispose();
}
