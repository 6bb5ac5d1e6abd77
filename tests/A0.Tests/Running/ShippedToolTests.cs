using A0.Tests.Support;

namespace A0.Tests.Running;

/// <summary>CONTRACT §10: the tool that ./a0 builds and ships ignores every hook variable; only a build with test hooks crashes on them.</summary>
public sealed class ShippedToolTests
{
    [Theory]
    [InlineData("init.before_move")]
    [InlineData("init.after_move")]
    [InlineData("init.after_link")]
    [InlineData("init.after_user_data")]
    public void The_shipped_tool_finishes_init_whatever_crash_point_A0_FAULT_INJECT_names(string point)
    {
        using var home = new TestHome().WithCheckout();

        var init = home.RunProcess(["init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git"], Crash(point), A0Executable.Shipped);

        init.ExitCode.ShouldBe(0, init.ToString());
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.AuditEventTypes().ShouldNotContain("lock_taken_over");
    }

    [Theory]
    [InlineData("staging.after_clone")]
    [InlineData("staging.before_pip")]
    [InlineData("staging.after_publish")]
    public async Task The_shipped_tool_finishes_a_staging_whatever_crash_point_A0_FAULT_INJECT_names(string point)
    {
        await using var staging = await StagingHome.CreateAsync();
        staging.Approve("v0.9.8");

        var stage = staging.Home.RunProcess(["begin-staging", "v0.9.8"], Crash(point), A0Executable.Shipped);

        stage.ExitCode.ShouldBe(0, stage.ToString());
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        staging.BuildOf("v0.9.8").ShouldNotBeNull();
    }

    [Fact]
    public void Where_a_C_toolchain_is_on_PATH_the_tool_that_a0_builds_is_native()
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(':');
        if (!path.Any(d => File.Exists(Path.Combine(d, "clang")) || File.Exists(Path.Combine(d, "gcc"))))
        {
            Assert.Skip("neither clang nor gcc is on PATH: ./a0 builds ReadyToRun here, as it should");
        }
        if (Environment.GetEnvironmentVariable("A0_BUILD") == "readytorun") Assert.Skip("A0_BUILD=readytorun asks ./a0 for ReadyToRun");

        var failure = Path.Combine(A0Executable.RepositoryRoot, ".build", "aot-failure.log");
        A0Executable.Shipped.IsNative.ShouldBeTrue(File.Exists(failure) ? File.ReadAllText(failure) : "see .build/a0.log");
    }

    private static Dictionary<string, string?> Crash(string point) => new() { ["A0_FAULT_INJECT"] = $"crash:{point}" };
}
