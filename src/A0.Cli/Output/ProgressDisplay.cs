using A0.Staging;
using Spectre.Console;

namespace A0.Cli.Output;

/// <summary>Runs a long operation with its progress on stderr: a live bar on a terminal, plain lines otherwise.</summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(Renderer renderer, Func<IProgress<StagingProgress>, Task<T>> operation)
    {
        if (!renderer.LiveProgress) return await operation(new StagingProgressPrinter(renderer)).ConfigureAwait(false);

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(renderer.ErrorWriter) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var live = new LiveProgress(context);
                var result = await operation(live).ConfigureAwait(false);
                live.Finish();
                return result;
            })
            .ConfigureAwait(false);
    }

    private sealed class LiveProgress(ProgressContext context) : IProgress<StagingProgress>
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, ProgressTask> tasks = [];

        public void Finish()
        {
            lock (gate)
            {
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            }
        }

        public void Report(StagingProgress value)
        {
            lock (gate)
            {
                foreach (var (phase, done) in tasks.Where(t => t.Key != value.Phase && !t.Key.StartsWith("hash", StringComparison.Ordinal)))
                {
                    done.Value = done.MaxValue;
                    done.StopTask();
                }
                if (!tasks.TryGetValue(value.Phase, out var task))
                {
                    task = tasks[value.Phase] = context.AddTask(Markup.Escape(value.Phase));
                    task.IsIndeterminate = value.TotalFiles == 0;
                }
                if (value.TotalFiles > 0)
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = value.TotalFiles;
                    task.Value = value.FilesHashed;
                    task.Description = Markup.Escape($"{value.Phase} {value.BytesHashed / 1048576.0:0.0} MB {value.MegabytesPerSecond:0} MB/s");
                }
            }
        }
    }
}
