using System.Diagnostics;

namespace A0.Staging;

/// <summary>Counts what the workers have hashed and reports it at most ten times a second, and once at the end.</summary>
internal sealed class HashTally(IProgress<HashProgress>? progress, long totalFiles)
{
    private static readonly long Interval = Stopwatch.Frequency / 10;

    private long files;
    private long bytes;
    private long lastReport = Stopwatch.GetTimestamp();

    public long Bytes => Interlocked.Read(ref bytes);

    public void Add(long length)
    {
        var filesNow = Interlocked.Increment(ref files);
        var bytesNow = Interlocked.Add(ref bytes, length);
        if (progress is null)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref lastReport);
        if (now - last >= Interval && Interlocked.CompareExchange(ref lastReport, now, last) == last)
        {
            progress.Report(new(filesNow, bytesNow, totalFiles));
        }
    }

    public void Finish() => progress?.Report(new(files, bytes, totalFiles));
}
