using System.Diagnostics;
using A0.Tests.Support;

namespace A0.Tests.Staging;

/// <summary>A staging killed while pip is stalled on a loopback find-links server that never answers.</summary>
public sealed class StagingCrashTests
{
    [Fact]
    public async Task Kill_9_during_pip_is_recovered_by_the_next_mutating_command_and_no_git_or_pip_survives()
    {
        await using var staging = await StagingHome.CreateAsync();
        using var stall = new StallingServer();
        staging.Approve("v0.9.8");
        var production = staging.ProductionDigest();

        using var a0 = staging.Home.Start(["begin-staging", "v0.9.8"], StalledPip(stall));
        await WaitUntil(() => stall.Connections > 0 || a0.HasExited);
        a0.HasExited.ShouldBeFalse("pip should be stalled on the loopback server");
        var group = staging.Metadata.Journal.Read().ProcessGroups[^1].Pid;
        var live = staging.Home.Json("staging-status")["staging"]!;
        live["phase"]!.GetValue<string>().ShouldBe("install");
        live["pid"]!.GetValue<int>().ShouldBe(a0.Id);
        live["build_id"]!.GetValue<string>().ShouldStartWith("v0.9.8_");
        File.Exists(live["log_path"]!.GetValue<string>()).ShouldBeTrue();

        a0.Kill();
        await a0.WaitForExitAsync(TestContext.Current.CancellationToken);

        var status = staging.Home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("STAGING");
        status["dead_operation"]!.GetValue<string>().ShouldContain("died");

        var clear = staging.Home.Run("clear-failure");
        clear.ExitCode.ShouldBe(0, clear.ToString());

        GroupIsAlive(group).ShouldBeFalse("recovery kills the dead build's process group");
        LiveProcesses.Mentioning("agent_zero_build_").ShouldBeEmpty();
        staging.LeftoverTempDirs().ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(staging.Home.Billy, "builds")).ShouldBeEmpty();
        staging.BuildOf("v0.9.8").ShouldBeNull();
        File.Exists(staging.Home.BillyFile("journal.json")).ShouldBeFalse();
        staging.ProductionDigest().ShouldBe(production);
        var recovered = staging.Home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "staging_failed");
        recovered["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        staging.Home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Sigterm_during_pip_fails_the_staging_cleanly_and_leaves_the_log()
    {
        await using var staging = await StagingHome.CreateAsync();
        using var stall = new StallingServer();
        staging.Approve("v0.9.8");

        using var a0 = staging.Home.Start(["begin-staging", "v0.9.8"], StalledPip(stall));
        await WaitUntil(() => stall.Connections > 0 || a0.HasExited);
        var group = staging.Metadata.Journal.Read().ProcessGroups[^1].Pid;

        Process.Start("kill", ["-TERM", a0.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await a0.WaitForExitAsync(TestContext.Current.CancellationToken);

        a0.ExitCode.ShouldNotBe(0);
        GroupIsAlive(group).ShouldBeFalse();
        var status = staging.Home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED");
        File.Exists(status["last_failure"]!["build_log_path"]!.GetValue<string>()).ShouldBeTrue();
        staging.LeftoverTempDirs().ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(staging.Home.Billy, "builds")).ShouldBeEmpty();
        File.Exists(staging.Home.BillyFile("journal.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Kill_9_of_a_rebuild_right_after_its_artifact_link_moved_keeps_the_new_build_and_moves_on_to_VALIDATING()
    {
        await using var staging = await StagingHome.CreateAsync();
        staging.Approve("v0.9.8");
        staging.Stage("v0.9.8").ExitCode.ShouldBe(0);
        staging.Home.Run("abandon").ExitCode.ShouldBe(0);
        var previous = staging.BuildOf("v0.9.8").ShouldNotBeNull();

        using var a0 = staging.Home.Start(["begin-staging", "v0.9.8", "--rebuild"], new Dictionary<string, string?> { ["A0_FAULT_INJECT"] = "crash:staging.after_publish" });
        await a0.WaitForExitAsync(TestContext.Current.CancellationToken);
        a0.ExitCode.ShouldBe(137, "killed at the crash point");
        var rebuilt = staging.BuildOf("v0.9.8").ShouldNotBeNull();
        rebuilt.ShouldNotBe(previous);

        var next = staging.Home.Run("abandon");

        next.ExitCode.ShouldBe(0, next.ToString());
        staging.BuildOf("v0.9.8").ShouldBe(rebuilt);
        Directory.Exists(previous).ShouldBeFalse("the replaced build is garbage once the new one is published");
        staging.LeftoverTempDirs().ShouldBeEmpty();
        staging.Home.Run("verify-artifact", "v0.9.8").ExitCode.ShouldBe(0);
        var completed = staging.Home.AuditEntries().Last(e => e["event_type"]!.GetValue<string>() == "staging_completed");
        completed["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        staging.Home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Kill_9_between_starting_a_child_and_journaling_it_leaves_no_child_running_and_the_next_command_recovers()
    {
        await using var staging = await StagingHome.CreateAsync();
        staging.Approve("v0.9.8");

        var crashed = staging.Home.RunProcess(["begin-staging", "v0.9.8"], new Dictionary<string, string?> { ["A0_FAULT_INJECT"] = "crash:op.child_started" });
        crashed.ExitCode.ShouldBe(137, crashed.ToString());
        await Task.Delay(500, TestContext.Current.CancellationToken);

        LiveProcesses.Mentioning("agent_zero_build_").ShouldBeEmpty("a child not yet journaled waits at its gate and exits when a0 dies");
        LiveProcesses.Mentioning(staging.Home.Root).ShouldBeEmpty();
        var next = staging.Home.Run("clear-failure");
        next.ExitCode.ShouldBe(0, next.ToString());
        staging.LeftoverTempDirs().ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(staging.Home.Billy, "builds")).ShouldBeEmpty();
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
    }

    private static Dictionary<string, string?> StalledPip(StallingServer stall) => new()
    {
        ["PIP_FIND_LINKS"] = stall.Url,
        ["PIP_NO_INDEX"] = "1",
        ["PIP_DEFAULT_TIMEOUT"] = "600",
        ["PIP_RETRIES"] = "0",
    };

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
    }

    private static bool GroupIsAlive(int group) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Any(pid =>
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] != "Z";
            }
            catch (IOException)
            {
                return false;
            }
        });
}
