using A0.Tests.Support;

namespace A0.Tests.Promotion;

/// <summary>promote, confirm and rollback on a real install adopted from the sample upstream, with real venvs and the sample app.</summary>
public sealed class PromotionTests
{
    [Fact]
    public async Task Promote_confirm_and_rollback_keep_every_kind_of_user_data_and_what_the_app_writes()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        var data = Path.Combine(home.Root, "data");
        var userData = UserDataDigest.Of(data);

        var promote = home.Run("promote", "--json");

        promote.ExitCode.ShouldBe(0, promote.ToString());
        new FileInfo(home.AppPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", "v0.9.8"));
        File.ReadAllText(Path.Combine(home.AppPath, "VERSION")).Trim().ShouldBe("v0.9.8");
        new FileInfo(Path.Combine(home.AppPath, ".venv")).LinkTarget.ShouldBe(Path.Combine(staging.BuildOf("v0.9.8")!, "venv"));
        File.ReadAllText(Path.Combine(home.AppPath, ".env")).ShouldBe("API_KEY=sk-real-secret\n");
        UserDataDigest.Of(data).ShouldBe(userData);
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("COMPLETE");
        status["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        staging.Metadata.PendingApproval.Read().Status.ShouldBe(A0.Approvals.ApprovalStatus.Used);
        home.Run("verify-artifact", "v0.9.8").ExitCode.ShouldBe(0, "the artifact stays pristine");
        Directory.EnumerateDirectories(Path.Combine(home.Billy, "snapshots")).ShouldHaveSingleItem();

        home.RunAs("billy", "confirm").ExitCode.ShouldBe(3, "only a human confirms");
        home.Run("confirm").ExitCode.ShouldBe(0);
        home.Json("status")["known_good_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        File.WriteAllText(Path.Combine(home.AppPath, "usr", "written-by-the-app.txt"), "after the switch");

        var rollback = home.Run("rollback", "--json");

        rollback.ExitCode.ShouldBe(0, rollback.ToString());
        rollback.Json["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
        new FileInfo(home.AppPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", "v0.9.7"));
        File.ReadAllText(Path.Combine(home.AppPath, "usr", "written-by-the-app.txt")).ShouldBe("after the switch");
        var after = UserDataDigest.Of(data);
        after.Where(line => !line.Contains("written-by-the-app", StringComparison.Ordinal)).ShouldBe(userData);
        after.ShouldContain(line => line.StartsWith("f usr/written-by-the-app.txt", StringComparison.Ordinal));
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.AuditEventTypes().ShouldContain("rollback_completed");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_restore_data_brings_back_the_snapshot_taken_before_the_current_version_went_live()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        home.Run("promote").ExitCode.ShouldBe(0);
        var settings = Path.Combine(home.AppPath, "usr", "settings.json");
        File.WriteAllText(settings, "{\"migrated_by\": \"v0.9.8\"}");

        var rollback = home.Run("rollback", "--to", "v0.9.7", "--restore-data");

        rollback.ExitCode.ShouldBe(0, rollback.ToString());
        File.ReadAllText(settings).ShouldBe("{\"chat_model\": \"sample\"}");
        home.AuditEventTypes().ShouldContain("data_restored");
        home.Run("rollback", "--to", "v0.9.8").ExitCode.ShouldBe(0, "v0.9.8's release is kept and reused");
        var undo = home.Run("rollback", "--to", "v0.9.7", "--restore-data");
        undo.ExitCode.ShouldBe(0, undo.ToString());
        Directory.EnumerateDirectories(home.Root, ".data.a0-restore-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_release_that_is_not_healthy_after_the_switch_is_rolled_back_by_itself()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        staging.Configure(config => config with { Validation = config.Validation with { HealthTimeoutSeconds = 2 } });
        var before = new FileInfo(home.AppPath).LinkTarget;

        var promote = home.Run(["promote", "--json"], new Dictionary<string, string?> { ["SAMPLE_APP_HEALTH"] = "unhealthy" });

        promote.ExitCode.ShouldBe(1, promote.ToString());
        promote.Json["message"]!.GetValue<string>().ShouldContain("rolled back");
        new FileInfo(home.AppPath).LinkTarget.ShouldBe(before);
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
        var events = home.AuditEventTypes();
        events.ShouldContain("promotion_failed");
        events[^1].ShouldBe("rollback_completed");
        staging.Metadata.PendingApproval.Read().Status.ShouldBe(A0.Approvals.ApprovalStatus.Used, "a promote that rolls back uses its approval up");
        LiveProcesses.Mentioning(staging.TempRoot).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_release_that_fails_during_its_probation_is_rolled_back()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;

        var promote = home.Run(["promote", "--probation", "6s"], new Dictionary<string, string?> { ["SAMPLE_APP_UNHEALTHY_AFTER"] = "2" });

        promote.ExitCode.ShouldBe(1, promote.ToString());
        promote.Error.ShouldContain("during probation");
        home.Json("status")["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
    }

    [Fact]
    public async Task Promote_is_refused_without_a_passed_validation_with_a_modified_artifact_or_with_too_much_user_data()
    {
        await using var staging = await StagingHome.CreateAsync();
        var home = staging.Home;
        home.Context().RecordUpgradeAndRollback();
        home.Run("grant", "billy", "executor").ExitCode.ShouldBe(0);
        staging.Approve("v0.9.8");
        staging.Stage("v0.9.8").ExitCode.ShouldBe(0);

        home.RunAs("billy", "promote").ExitCode.ShouldBe(4, "no PASSED validation yet");
        home.RunAs("billy", "validate").ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(home.Root, "data", "usr", "settings.json"), "{\"chat_model\": \"sample\"}");
        staging.Configure(config => config with { Snapshot = config.Snapshot with { MaxBytes = 1 } });
        home.RunAs("billy", "promote").ExitCode.ShouldBe(4, "user data above snapshot.max_bytes");
        staging.Configure(config => config with { Snapshot = config.Snapshot with { MaxBytes = 1L << 30 } });
        var script = Path.Combine(staging.BuildOf("v0.9.8")!, "tree", "models.py");
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserWrite);
        File.AppendAllText(script, "\n# changed after validation\n");

        var promote = home.RunAs("billy", "promote", "--json");

        promote.ExitCode.ShouldBe(6, promote.ToString());
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        home.AuditEntries().Last(e => e["event_type"]!.GetValue<string>() == "authority_revoked")["details"]!["reason"]!.GetValue<string>().ShouldBe("artifact_tampered");
        home.RunAs("billy", "promote").ExitCode.ShouldBe(3, "billy is no executor any more");
    }

    [Fact]
    public async Task Promote_without_a_snapshot_is_audited_and_rollback_needs_no_release_source()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        staging.Configure(config => config with { Snapshot = config.Snapshot with { MaxBytes = 1 } });

        home.Run("promote", "--no-snapshot").ExitCode.ShouldBe(0);
        staging.Configure(config => config with { ApiUrl = "http://127.0.0.1:9", CloneUrl = "/nonexistent.git" });
        var rollback = home.Run("rollback");

        rollback.ExitCode.ShouldBe(0, rollback.ToString());
        home.AuditEntries().Where(e => e["event_type"]!.GetValue<string>() == "snapshot_skipped").Select(e => e["details"]!["reason"]!.GetValue<string>())
            .ShouldBe(["--no-snapshot", "user data above snapshot.max_bytes"]);
    }

    [Fact]
    public async Task A_rollback_whose_target_is_not_healthy_leaves_FAILED_HARD_with_the_way_out_explained()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        var home = staging.Home;
        home.Run("promote").ExitCode.ShouldBe(0);
        staging.Configure(config => config with { Validation = config.Validation with { HealthTimeoutSeconds = 2 } });

        var rollback = home.Run(["rollback"], new Dictionary<string, string?> { ["SAMPLE_APP_HEALTH"] = "unhealthy" });

        rollback.ExitCode.ShouldBe(1, rollback.ToString());
        var explained = home.Json("explain-state");
        explained["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        explained["way_out"]!.GetValue<string>().ShouldContain("recover --i-understand");
        explained["way_out"]!.GetValue<string>().ShouldContain(Path.Combine(home.Root, "releases", "v0.9.7"));
        home.Run("promote").ExitCode.ShouldBe(5, "every mutating command is refused in FAILED_HARD");
        home.Run("recover", "--i-understand").ExitCode.ShouldBe(0);
        home.Json("status")["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
    }
}
