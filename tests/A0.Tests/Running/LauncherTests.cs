using A0.Tests.Support;

namespace A0.Tests.Running;

/// <summary>CONTRACT §10 and issue 14: ./a0 builds on first use and when the sources' contents change, native AOT where it can.</summary>
public sealed class LauncherTests
{
    [Fact]
    public void The_first_call_builds_the_native_tool_and_runs_it_and_the_second_call_only_runs_it()
    {
        using var copy = new LauncherCopy();

        var first = copy.Run("status");
        // What a build of the tests' own does beside the sources: new bin/ and obj/ directories.
        Directory.CreateDirectory(Path.Combine(copy.Root, "src", "A0.Cli", "obj", "Debug"));
        Directory.CreateDirectory(Path.Combine(copy.Root, "src", "A0.Core", "bin", "Debug"));
        var second = copy.Run("status");

        first.ExitCode.ShouldBe(0, first.ToString());
        first.Out.ShouldBe("native a0 status\n");
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Out.ShouldBe("native a0 status\n");
        second.Error.ShouldBeEmpty();
        copy.BuildCount.ShouldBe(1);
    }

    [Fact]
    public void A_source_whose_time_changed_but_not_its_content_is_not_built_again_and_a_changed_content_is()
    {
        using var copy = new LauncherCopy();
        copy.Run("--version").ExitCode.ShouldBe(0);
        var source = Path.Combine(copy.Root, "src", "A0.Cli", "Program.cs");

        File.SetLastWriteTimeUtc(source, DateTimeOffset.UtcNow.AddHours(1).UtcDateTime);
        copy.Run("--version").ExitCode.ShouldBe(0);
        var afterTouch = copy.BuildCount;
        File.AppendAllText(source, "// changed\n");
        var changed = copy.Run("--version");

        afterTouch.ShouldBe(1);
        changed.Error.ShouldContain("building");
        copy.BuildCount.ShouldBe(2);
    }

    [Fact]
    public void Concurrent_first_calls_wait_for_one_build()
    {
        using var copy = new LauncherCopy();
        var environment = new Dictionary<string, string> { ["FAKE_BUILD_SECONDS"] = "1" };

        var processes = Enumerable.Range(0, 4).Select(_ => copy.Start(environment, true, "status")).ToList();
        var outputs = processes.Select(p => p.StandardOutput.ReadToEnd()).ToList();
        foreach (var process in processes)
        {
            process.WaitForExit();
            process.ExitCode.ShouldBe(0);
            process.Dispose();
        }

        outputs.ShouldAllBe(o => o == "native a0 status\n");
        copy.BuildCount.ShouldBe(1);
    }

    [Fact]
    public void Without_a_C_toolchain_a0_says_why_in_one_line_and_runs_the_ReadyToRun_build()
    {
        using var copy = new LauncherCopy();

        var result = copy.Run(null, withToolchain: false, "status");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldBe("readytorun a0 status\n");
        result.Error.Split('\n').ShouldContain(l => l.StartsWith("a0: no native AOT build: neither clang nor gcc is on PATH", StringComparison.Ordinal));
        copy.BuildCount.ShouldBe(1);
    }

    [Fact]
    public void When_the_native_build_fails_a0_says_why_in_one_line_and_runs_the_ReadyToRun_build()
    {
        using var copy = new LauncherCopy();
        var environment = new Dictionary<string, string> { ["FAKE_AOT_ERROR"] = "Requested linker ('clang') not found in PATH." };

        var result = copy.Run(environment, true, "status");
        var again = copy.Run(environment, true, "status");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldBe("readytorun a0 status\n");
        result.Error.Split('\n').ShouldContain(
            "a0: the native AOT build failed (Requested linker ('clang') not found in PATH.); building ReadyToRun instead");
        again.Out.ShouldBe("readytorun a0 status\n");
        again.Error.ShouldBeEmpty();
        copy.BuildCount.ShouldBe(2);
    }
}
