using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Validation;

/// <summary>validate against real staged artifacts: a real venv, the sample app started on loopback, real process groups.</summary>
public sealed class ValidationTests
{
    private static readonly string[] AllChecks =
        ["structural_integrity", "import_sanity", "config_parsing", "tool_registry", "prompt_assets", "memory_initialization", "health_check"];

    [Fact]
    public async Task A_good_release_passes_every_check_without_writing_to_the_artifact_or_touching_user_data()
    {
        await using var staging = await StagedAsync("v0.9.8");
        staging.Home.Environment["SAMPLE_APP_SPAWN"] = "1";
        var data = Path.Combine(staging.Home.Root, "data");
        var userData = Digest(data);

        var validate = staging.Home.Run("validate", "--json");

        validate.ExitCode.ShouldBe(0, validate.ToString());
        var report = validate.Json["report"]!;
        report["status"]!.GetValue<string>().ShouldBe("PASSED");
        report["checks"]!.AsObject().Select(c => c.Key).ShouldBe(AllChecks);
        report["checks"]!.AsObject().ShouldAllBe(c => c.Value!["passed"]!.GetValue<bool>() && c.Value["ms"]!.GetValue<long>() >= 0);
        report["checks"]!["health_check"]!["details"]!["url"]!.GetValue<string>().ShouldEndWith("/api/health");
        File.ReadAllText(validate.Json["report_path"]!.GetValue<string>()).ShouldNotContain("API_KEY");
        Digest(data).ShouldBe(userData);
        staging.Home.Run("verify-artifact", "v0.9.8").ExitCode.ShouldBe(0, "nothing was written into the build");
        LeftoverScratch(staging).ShouldBeEmpty();
        LiveProcesses.Mentioning(staging.TempRoot).ShouldBeEmpty();
        LiveProcesses.Mentioning("sleep 600").ShouldBeEmpty("the app's child dies with its group");
        var status = staging.Home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        status["validation"]!["status"]!.GetValue<string>().ShouldBe("passed");
        staging.Home.Json("report")["report"]!["status"]!.GetValue<string>().ShouldBe("PASSED");
        Directory.EnumerateFiles(Path.Combine(staging.Home.Billy, "validation", "v0.9.8", "history")).ShouldHaveSingleItem();
        staging.Home.AuditEventTypes().ShouldContain("validation_completed");
    }

    [Fact]
    public async Task A_pass_counts_only_until_VALIDATING_is_left_so_a_re_stage_needs_a_new_validate()
    {
        await using var staging = await StagedAsync("v0.9.8");
        staging.Home.Run("validate").ExitCode.ShouldBe(0);
        staging.Home.Run("validate", "v0.9.7").ExitCode.ShouldBe(4, "only the artifact awaiting validation is validated");

        staging.Home.Run("abandon").ExitCode.ShouldBe(0);
        staging.Stage("v0.9.8").ExitCode.ShouldBe(0);

        var status = staging.Home.Json("status");
        status["validation"]!["status"]!.GetValue<string>().ShouldBe("awaiting_validation");
        var explained = staging.Home.Json("explain-state")["next"]!.AsArray().Select(n => n!["command"]!.GetValue<string>());
        explained.ShouldContain("a0 validate");
        explained.ShouldNotContain("a0 promote");
    }

    [Fact]
    public async Task A_module_that_raises_on_import_and_malformed_yaml_fail_their_checks_and_the_validation()
    {
        await using var staging = await StagingHome.CreateAsync();
        using var overlay = new TempDirectory("a0-overlay");
        Write(overlay, "agent.py", "raise RuntimeError('agent is broken in this release')\n");
        Write(overlay, "conf/model_providers.yaml", "chat:\n  openai: [unclosed\n");
        await staging.Upstream.AddReleaseAsync(new ReleaseMetadata("v0.9.9", true, false, DateTimeOffset.Parse("2025-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "broken"), overlay.Path, TestContext.Current.CancellationToken);
        staging.Approve("v0.9.9");
        staging.Stage("v0.9.9").ExitCode.ShouldBe(0);

        var validate = staging.Home.Run("validate", "--json");

        validate.ExitCode.ShouldBe(1, validate.ToString());
        validate.Json["status"]!.GetValue<string>().ShouldBe("failed");
        var checks = validate.Json["report"]!["checks"]!;
        checks["import_sanity"]!["passed"]!.GetValue<bool>().ShouldBeFalse();
        checks["import_sanity"]!["error"]!.GetValue<string>().ShouldContain("agent is broken in this release");
        checks["config_parsing"]!["passed"]!.GetValue<bool>().ShouldBeFalse();
        checks["config_parsing"]!["error"]!.GetValue<string>().ShouldContain("conf/model_providers.yaml");
        checks["health_check"]!["error"]!.GetValue<string>().ShouldContain("exited");
        checks["prompt_assets"]!["passed"]!.GetValue<bool>().ShouldBeTrue();
        var status = staging.Home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldContain("import_sanity");
        staging.Home.Run("report", "v0.9.9").Out.ShouldContain("FAILED");
        LeftoverScratch(staging).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_app_that_never_becomes_healthy_fails_within_the_timeout_and_leaves_no_process()
    {
        await using var staging = await StagedAsync("v0.9.8");
        staging.Configure(config => config with { Validation = config.Validation with { HealthTimeoutSeconds = 2 } });
        staging.Home.Environment["SAMPLE_APP_HEALTH"] = "unhealthy";
        staging.Home.Environment["SAMPLE_APP_SPAWN"] = "1";

        var validate = staging.Home.Run("validate", "--json");

        validate.ExitCode.ShouldBe(1, validate.ToString());
        var health = validate.Json["report"]!["checks"]!["health_check"]!;
        health["error"]!.GetValue<string>().ShouldContain("not healthy within 2 s");
        health["details"]!["last_seen"]!.GetValue<string>().ShouldContain("503");
        LiveProcesses.Mentioning(staging.TempRoot).ShouldBeEmpty();
        LiveProcesses.Mentioning("sleep 600").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_artifact_edited_after_staging_fails_structural_integrity_with_exit_6_and_agents_lose_executor()
    {
        await using var staging = await StagedAsync("v0.9.8", before: home =>
        {
            home.Home.Context().RecordUpgradeAndRollback();
            home.Home.Run("grant", "billy", "executor").ExitCode.ShouldBe(0);
        });
        var script = Path.Combine(staging.BuildOf("v0.9.8")!, "tree", "agent.py");
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserWrite);
        File.AppendAllText(script, "\n# edited after staging\n");

        var validate = staging.Home.RunAs("billy", "validate", "--json");

        validate.ExitCode.ShouldBe(6, validate.ToString());
        validate.Json["code"]!.GetValue<string>().ShouldBe("integrity_violation");
        validate.Json["report"]!["checks"]!["structural_integrity"]!["details"]!["changed"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldContain("agent.py");
        var revoked = staging.Home.AuditEntries().Last(e => e["event_type"]!.GetValue<string>() == "authority_revoked");
        revoked["details"]!["reason"]!.GetValue<string>().ShouldBe("artifact_tampered");
        staging.Home.RunAs("billy", "begin-staging", "v0.9.8", "--retry").ExitCode.ShouldBe(3);
    }

    [Fact]
    public async Task Kill_9_of_validate_during_the_health_check_is_recovered_with_the_app_dead_and_the_state_still_VALIDATING()
    {
        await using var staging = await StagedAsync("v0.9.8");
        staging.Home.Environment["SAMPLE_APP_HEALTH"] = "unhealthy";

        using var a0 = staging.Home.Start(["validate"]);
        HomeFixtures.WaitFor(() => LiveProcesses.Mentioning(staging.TempRoot).Any(c => c.Contains("run_ui.py", StringComparison.Ordinal)) || a0.HasExited, "the app under test to start");
        a0.HasExited.ShouldBeFalse();
        var journal = staging.Metadata.Journal.Read();
        var scratch = journal.Validation!.ScratchDir;
        Directory.Exists(scratch).ShouldBeTrue();
        a0.Kill();
        await a0.WaitForExitAsync(TestContext.Current.CancellationToken);
        staging.Home.Json("status")["dead_operation"]!.GetValue<string>().ShouldContain("validate");

        var next = staging.Home.Run("cleanup-artifacts");

        next.ExitCode.ShouldBe(0, next.ToString());
        LiveProcesses.Mentioning(staging.TempRoot).ShouldBeEmpty();
        Directory.Exists(scratch).ShouldBeFalse();
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        var recovered = staging.Home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "process_died");
        recovered["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
        staging.Home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    private static async Task<StagingHome> StagedAsync(string version, Action<StagingHome>? before = null)
    {
        var staging = await StagingHome.CreateAsync();
        staging.Home.Environment["PYTHONDONTWRITEBYTECODE"] = null;
        before?.Invoke(staging);
        staging.Approve(version);
        var staged = staging.Stage(version);
        staged.ExitCode.ShouldBe(0, staged.ToString());
        return staging;
    }

    private static IReadOnlyList<string> LeftoverScratch(StagingHome staging) => Directory.EnumerateDirectories(staging.TempRoot, "a0_validate_*").ToList();

    private static void Write(TempDirectory overlay, string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(overlay.Combine(path))!);
        File.WriteAllText(overlay.Combine(path), content);
    }

    private static string Digest(string directory) => string.Join('\n', Directory
        .EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Order(StringComparer.Ordinal)
        .Select(p => File.Exists(p) && new FileInfo(p).LinkTarget is null ? $"{p} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)))}" : p));
}
