using A0.Processes;
using A0.Tests.Support;

namespace A0.Tests.Processes;

public sealed class RunningProcessTests
{
    private static readonly ProcessRunner Runner = new();

    [Fact]
    public async Task A_child_that_honours_SIGTERM_is_stopped_gracefully_with_its_grandchildren()
    {
        using var scratch = new TempDirectory("a0-child");
        var marker = scratch.Combine("stopped");
        await using var child = Runner.Start(Python($$"""
            import signal, subprocess, sys, time
            grandchild = subprocess.Popen(["sleep", "300"])
            print(grandchild.pid, flush=True)
            def stop(*_):
                open({{Quote(marker)}}, "w").write("graceful")
                sys.exit(0)
            signal.signal(signal.SIGTERM, stop)
            time.sleep(300)
            """));
        var grandchild = await FirstLineAsync(child);

        await child.StopAsync(TimeSpan.FromSeconds(30));

        File.ReadAllText(marker).ShouldBe("graceful");
        child.Exited.IsCompleted.ShouldBeTrue();
        IsAlive(grandchild).ShouldBeFalse("the whole group is stopped, not just its leader");
    }

    [Fact]
    public async Task A_child_runs_its_command_only_once_its_group_was_told_to_OnStarted_and_reads_only_its_own_stdin()
    {
        using var scratch = new TempDirectory("a0-child");
        var marker = scratch.Combine("ran");
        bool? ranBeforeItWasJournaled = null;
        await using var child = Runner.Start(new ProcessSpec("sh", ["-c", $"touch {Quote(marker)}; cat"])
        {
            StandardInput = "its own input",
            OnStarted = _ =>
            {
                Thread.Sleep(500);
                ranBeforeItWasJournaled = File.Exists(marker);
            },
        });

        (await child.Exited).ShouldBe(0);

        ranBeforeItWasJournaled.ShouldBe(false);
        File.Exists(marker).ShouldBeTrue();
        child.StandardOutput.ShouldBe("its own input");
    }

    [Fact]
    public async Task A_child_whose_group_could_not_be_journaled_never_runs_its_command()
    {
        using var scratch = new TempDirectory("a0-child");
        var marker = scratch.Combine("ran");

        Should.Throw<IOException>(() => Runner.Start(new ProcessSpec("touch", [marker]) { OnStarted = _ => throw new IOException("the journal could not be written") }));

        await Task.Delay(500, TestContext.Current.CancellationToken);
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task A_child_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        await using var child = Runner.Start(Python("""
            import signal, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            print("ready", flush=True)
            time.sleep(300)
            """));
        await FirstLineAsync(child);

        await child.StopAsync(TimeSpan.FromMilliseconds(200));

        (await child.Exited).ShouldBe(137);
    }

    [Fact]
    public async Task The_exit_of_a_child_is_told_with_its_code()
    {
        await using var child = Runner.Start(Python("import sys; sys.exit(3)"));

        (await child.Exited.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken)).ShouldBe(3);
    }

    [Fact]
    public async Task Python_children_write_bytecode_outside_the_code_they_run_unless_a_step_asks_for_it()
    {
        var clean = new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = null };
        var prefix = await Runner.RunAsync(new ProcessSpec("python3", ["-c", "import sys; print(sys.pycache_prefix)"]) { Environment = clean }, TestContext.Current.CancellationToken);
        var inPlace = await Runner.RunAsync(new ProcessSpec("python3", ["-c", "import sys; print(sys.pycache_prefix)"])
        {
            Environment = new Dictionary<string, string?>(clean) { [ProcessRunner.PycachePrefixVariable] = null },
        }, TestContext.Current.CancellationToken);

        prefix.StandardOutput.Trim().ShouldStartWith(Path.GetTempPath().TrimEnd('/'));
        inPlace.StandardOutput.Trim().ShouldBe("None");
    }

    private static ProcessSpec Python(string code) => new("python3", ["-c", code]) { Environment = new Dictionary<string, string?> { ["PYTHONUNBUFFERED"] = "1" } };

    private static string Quote(string path) => "'" + path.Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static async Task<int> FirstLineAsync(RunningProcess child)
    {
        for (var i = 0; i < 600 && !child.StandardOutput.Contains('\n', StringComparison.Ordinal); i++) await Task.Delay(50, TestContext.Current.CancellationToken);
        var line = child.StandardOutput.Split('\n')[0];
        return int.TryParse(line, out var pid) ? pid : 0;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
