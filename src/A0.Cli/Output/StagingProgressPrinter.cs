using System.Diagnostics;
using System.Globalization;
using A0.Staging;

namespace A0.Cli.Output;

/// <summary>Staging progress as plain lines on stderr: each new phase, and hashing at most once a second.</summary>
public sealed class StagingProgressPrinter(Renderer renderer) : IProgress<StagingProgress>
{
    private readonly Lock gate = new();
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();
    private string? lastPhase;

    public void Report(StagingProgress value)
    {
        lock (gate)
        {
            var newPhase = value.Phase != lastPhase;
            if (!newPhase && sinceLast.Elapsed < TimeSpan.FromSeconds(1)) return;
            lastPhase = value.Phase;
            sinceLast.Restart();
            renderer.Progress(value.FilesHashed > 0
                ? string.Create(CultureInfo.InvariantCulture, $"a0: {value.Phase}: {value.FilesHashed} files, {value.BytesHashed / 1048576.0:0.0} MB, {value.MegabytesPerSecond:0} MB/s")
                : $"a0: {value.Phase}…");
        }
    }
}
