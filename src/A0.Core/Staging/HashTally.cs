using System.Diagnostics;

namespace A0.Staging;

/// <summary>
/// Counts what the workers have found and hashed and reports it at most ten times a second, and once at the end.
/// The walk and the hashing run together, so the total grows until the walk is done.
/// </summary>
internal sealed class HashTally(IProgress<HashProgress> progress)
{
    private static readonly long Interval = Stopwatch.Frequency / 10;

    private long found;
    private long files;
    private long bytes;
    private long lastReport = Stopwatch.GetTimestamp();

    public void Found(int count) => Interlocked.Add(ref found, count);

    public void Add(long length)
    {
        var filesNow = Interlocked.Increment(ref files);
        var bytesNow = Interlocked.Add(ref bytes, length);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref lastReport);
        if (now - last >= Interval && Interlocked.CompareExchange(ref lastReport, now, last) == last)
        {
            progress.Report(new(filesNow, bytesNow, Interlocked.Read(ref found)));
        }
    }

    public void Finish() => progress.Report(new(files, bytes, files));
}
