using A0.Tests.Support;

namespace A0.Tests.Promotion;

/// <summary>kill -9 at every step of promote and rollback: the app path always points at one complete release, and the next mutating command settles the rest.</summary>
public sealed class SwitchCrashTests
{
    private static readonly string[] PromoteSteps = ["snapshot", "release", "flip", "version", "health"];
    private static readonly string[] RollbackSteps = ["snapshot", "flip", "version", "restore_copied", "restore_swapped", "health"];

    [Fact]
    public async Task Kill_9_at_every_promote_step_is_rolled_back_by_the_next_mutating_command()
    {
        await using var staging = await PromotionHome.ValidatedAsync(before: home =>
        {
            home.Home.Context().RecordUpgradeAndRollback();
            home.Home.Run("grant", "ci-agent", "executor").ExitCode.ShouldBe(0);
        });
        var home = staging.Home;
        var original = new FileInfo(home.AppPath).LinkTarget;
        var granted = home.AuditCount();

        foreach (var step in PromoteSteps)
        {
            if (step != PromoteSteps[0]) ValidateAgain(staging);
            var crashed = home.RunProcess(["promote"], Crash($"promote.{step}"));
            crashed.ExitCode.ShouldBe(137, $"{step}: {crashed}");
            AppPathRunsACompleteRelease(home, step);

            Settle(home, step);

            new FileInfo(home.AppPath).LinkTarget.ShouldBe(original, step);
            var status = home.Json("status");
            status["state"]!.GetValue<string>().ShouldBe("IDLE", step);
            status["current_version"]!.GetValue<string>().ShouldBe("v0.9.7", step);
            Directory.EnumerateFileSystemEntries(Path.Combine(home.Root, "releases"), ".*").ShouldBeEmpty(step);
        }
        home.AuditEntriesAfter(granted).Where(e => e["event_type"]!.GetValue<string>() == "rollback_completed").ShouldAllBe(e => e["actor"]!.GetValue<string>() == "a0:recovery");
        home.AuditEntriesAfter(granted).ShouldNotContain(e => e["event_type"]!.GetValue<string>() == "authority_revoked",
            "a status between the flip and version.json reads a switch in flight, not tampering");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Kill_9_during_the_health_check_after_the_switch_kills_the_app_and_rolls_back()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        using var a0 = home.Start(["promote"], new Dictionary<string, string?> { ["SAMPLE_APP_HEALTH"] = "unhealthy" });
        HomeFixtures.WaitFor(() => LiveProcesses.Mentioning(staging.TempRoot).Any(c => c.Contains("run_ui.py", StringComparison.Ordinal)) || a0.HasExited, "the app under test");
        a0.HasExited.ShouldBeFalse();
        AppPathRunsACompleteRelease(home, "health");

        a0.Kill();
        await a0.WaitForExitAsync(TestContext.Current.CancellationToken);
        Settle(home, "health");

        LiveProcesses.Mentioning(staging.TempRoot).ShouldBeEmpty();
        Directory.EnumerateDirectories(staging.TempRoot, "a0_validate_*").ShouldBeEmpty();
        home.Json("status")["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
    }

    [Fact]
    public async Task Kill_9_at_every_rollback_step_leaves_one_complete_release_and_a_finished_rollback_restores_the_data()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        home.Run("promote").ExitCode.ShouldBe(0);
        var settings = Path.Combine(home.Root, "data", "usr", "settings.json");
        var original = File.ReadAllText(settings);

        foreach (var step in RollbackSteps)
        {
            if (home.Json("status")["current_version"]!.GetValue<string>() != "v0.9.8") home.Run("rollback", "--to", "v0.9.8").ExitCode.ShouldBe(0, step);
            File.WriteAllText(settings, "{\"changed_by\": \"v0.9.8\"}");
            var crashed = home.RunProcess(["rollback", "--to", "v0.9.7", "--restore-data"], Crash($"rollback.{step}"));
            crashed.ExitCode.ShouldBe(137, $"{step}: {crashed}");
            AppPathRunsACompleteRelease(home, step);

            Settle(home, step);

            var status = home.Json("status");
            status["state"]!.GetValue<string>().ShouldBe("IDLE", step);
            var finished = step != "snapshot";
            status["current_version"]!.GetValue<string>().ShouldBe(finished ? "v0.9.7" : "v0.9.8", step);
            new FileInfo(home.AppPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", finished ? "v0.9.7" : "v0.9.8"), step);
            File.ReadAllText(settings).ShouldBe(finished ? original : "{\"changed_by\": \"v0.9.8\"}", step);
            Directory.EnumerateDirectories(home.Root, ".data.a0-restore-*").ShouldBeEmpty(step);
        }
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    private static Dictionary<string, string?> Crash(string point) => new() { ["A0_FAULT_INJECT"] = $"crash:{point}" };

    /// <summary>Another round: the same release requested, approved, staged (the artifact is re-verified) and validated.</summary>
    private static void ValidateAgain(StagingHome staging)
    {
        staging.Approve("v0.9.8");
        staging.Stage("v0.9.8").ExitCode.ShouldBe(0);
        staging.Home.Run("validate").ExitCode.ShouldBe(0);
    }

    private static void AppPathRunsACompleteRelease(TestHome home, string step)
    {
        var target = new FileInfo(home.AppPath).LinkTarget.ShouldNotBeNull(step);
        File.Exists(Path.Combine(target, "run_ui.py")).ShouldBeTrue($"{step}: {target} is a complete release");
        File.Exists(Path.Combine(home.AppPath, ".venv", "bin", "python")).ShouldBeTrue($"{step}: the app path can start the app");
    }

    /// <summary>The next mutating command finishes or undoes the dead operation (as a0:recovery) before doing its own job.</summary>
    private static void Settle(TestHome home, string step)
    {
        home.Json("status")["dead_operation"]!.GetValue<string>().ShouldContain("died", customMessage: step);
        var next = home.Run("cleanup-artifacts");
        next.ExitCode.ShouldBe(0, $"{step}: {next}");
        File.Exists(home.BillyFile("journal.json")).ShouldBeFalse(step);
        home.AuditEntries().Last(e => e["event_type"]!.GetValue<string>() == "recovery_completed")["actor"]!.GetValue<string>().ShouldBe("a0:recovery", step);
    }
}
