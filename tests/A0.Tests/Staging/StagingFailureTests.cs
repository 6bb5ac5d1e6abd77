using A0.Tests.Support;

namespace A0.Tests.Staging;

public sealed class StagingFailureTests
{
    [Fact]
    public async Task A_tag_moved_after_approval_is_refused_with_exit_6_before_leaving_IDLE()
    {
        await using var staging = await StagingHome.CreateAsync();
        staging.Approve("v0.9.8");
        await staging.Upstream.MoveTagAsync("v0.9.8", staging.Upstream["v0.9.7"].CommitSha, TestContext.Current.CancellationToken);
        var state = File.ReadAllBytes(staging.Home.BillyFile("state.json"));

        var result = staging.Stage("v0.9.8", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["message"]!.GetValue<string>().ShouldContain("moved");
        File.ReadAllBytes(staging.Home.BillyFile("state.json")).ShouldBe(state);
        staging.BuildOf("v0.9.8").ShouldBeNull();
        Directory.Exists(Path.Combine(staging.Home.Billy, "builds")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_requirement_pip_cannot_install_fails_the_staging_and_leaves_only_the_log()
    {
        await using var staging = await StagingHome.CreateAsync(withWheels: false);
        staging.Approve("v0.9.8");
        var production = staging.ProductionDigest();

        var result = staging.Stage("v0.9.8", "--json");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Json["status"]!.GetValue<string>().ShouldBe("failed");
        var status = staging.Home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED");
        var failure = status["last_failure"]!;
        failure["reason"]!.GetValue<string>().ShouldBe("dependencies_failed");
        failure["version"]!.GetValue<string>().ShouldBe("v0.9.8");
        var log = failure["build_log_path"]!.GetValue<string>();
        File.ReadAllText(log).ShouldContain("a0dep");
        staging.BuildOf("v0.9.8").ShouldBeNull();
        Directory.EnumerateFileSystemEntries(Path.Combine(staging.Home.Billy, "builds")).ShouldBeEmpty();
        staging.LeftoverTempDirs().ShouldBeEmpty();
        staging.ProductionDigest().ShouldBe(production);
        staging.Home.AuditEventTypes().ShouldContain("dependencies_failed");
        staging.Home.AuditEventTypes().ShouldContain("staging_failed");
    }

    [Fact]
    public async Task A_clone_that_fails_while_the_venv_is_made_beside_it_stops_the_venv_and_leaves_no_build_or_temp_dir()
    {
        await using var staging = await StagingHome.CreateAsync();
        using var tools = new TempDirectory("a0-overlap");
        var started = tools.Combine("venv.pid");
        // The interpreter records that it runs and then hangs; the clone fails only once that is so (or after 10 s).
        var python = tools.Combine("python3");
        File.WriteAllText(python, $"#!/bin/sh\necho $$ > '{started}'\nexec sleep 299\n");
        Directory.CreateDirectory(tools.Combine("hooks"));
        File.WriteAllText(tools.Combine("hooks", "post-checkout"), $"#!/bin/sh\nfor i in $(seq 1 200); do [ -s '{started}' ] && break; sleep 0.05; done\nexit 1\n");
        foreach (var script in new[] { python, tools.Combine("hooks", "post-checkout") }) File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        staging.Configure(config => config with { Python = python });
        staging.Home.Environment["GIT_CONFIG_COUNT"] = "1";
        staging.Home.Environment["GIT_CONFIG_KEY_0"] = "core.hooksPath";
        staging.Home.Environment["GIT_CONFIG_VALUE_0"] = tools.Combine("hooks");
        staging.Approve("v0.9.8");

        var result = staging.Stage("v0.9.8");

        result.ExitCode.ShouldBe(7, result.ToString());
        File.Exists(started).ShouldBeTrue("the venv is made beside the clone");
        var pid = File.ReadAllText(started).Trim();
        (File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("sleep", StringComparison.Ordinal)).ShouldBeFalse("the venv's process group dies with the staging");
        staging.Home.Json("status")["last_failure"]!["reason"]!.GetValue<string>().ShouldBe("clone_failed");
        Directory.EnumerateFileSystemEntries(Path.Combine(staging.Home.Billy, "builds")).ShouldBeEmpty();
        staging.LeftoverTempDirs().ShouldBeEmpty();
        File.Exists(staging.Home.BillyFile("journal.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Short_disk_and_a_missing_interpreter_are_refused_before_leaving_IDLE_and_dry_run_writes_nothing()
    {
        await using var staging = await StagingHome.CreateAsync();
        staging.Approve("v0.9.8");
        var config = staging.Metadata.Config;
        var original = config.Read();

        config.Write(original with { Staging = new Config.StagingConfig { MinFreeBytes = long.MaxValue / 2 } });
        var shortDisk = staging.Stage("v0.9.8", "--json");
        shortDisk.ExitCode.ShouldBe(4, shortDisk.ToString());
        shortDisk.Json["code"]!.GetValue<string>().ShouldBe("disk_space");

        config.Write(original with { Python = "/nonexistent/python3.11" });
        var noPython = staging.Stage("v0.9.8", "--json");
        noPython.ExitCode.ShouldBe(7, noPython.ToString());
        noPython.Json["message"]!.GetValue<string>().ShouldContain("/nonexistent/python3.11");

        config.Write(original);
        var before = Snapshot(staging.Home.Root);
        var dryRun = staging.Stage("v0.9.8", "--dry-run", "--json");
        dryRun.ExitCode.ShouldBe(0, dryRun.ToString());
        dryRun.Json["dry_run"]!.GetValue<bool>().ShouldBeTrue();
        Snapshot(staging.Home.Root).ShouldBe(before);
        staging.LeftoverTempDirs().ShouldBeEmpty();
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
    }

    [Fact]
    public async Task Rebuild_is_refused_for_the_known_good_version_and_republishes_only_a_complete_build()
    {
        await using var staging = await StagingHome.CreateAsync();
        staging.Approve("v0.9.8");
        staging.Stage("v0.9.8").ExitCode.ShouldBe(0);
        var first = staging.BuildOf("v0.9.8");
        staging.Home.Run("abandon").ExitCode.ShouldBe(0);

        var rebuilt = staging.Stage("v0.9.8", "--rebuild");
        rebuilt.ExitCode.ShouldBe(0, rebuilt.ToString());
        var second = staging.BuildOf("v0.9.8");
        second.ShouldNotBe(first);
        staging.Home.Run("abandon").ExitCode.ShouldBe(0);
        Directory.Exists(first).ShouldBeFalse("the replaced build is garbage, removed by the next mutating command");

        var knownGood = staging.Metadata.KnownGood;
        knownGood.Write(knownGood.Read() with { Version = "v0.9.8", History = [new State.KnownGoodEntry("v0.9.8", DateTimeOffset.UnixEpoch, "test")] });
        var refused = staging.Stage("v0.9.8", "--rebuild");
        refused.ExitCode.ShouldBe(4, refused.ToString());
        staging.BuildOf("v0.9.8").ShouldBe(second);
    }

    [Fact]
    public async Task Cleanup_keeps_known_good_and_the_artifact_awaiting_validation()
    {
        await using var staging = await StagingHome.CreateAsync();
        foreach (var version in new[] { "v0.9.8", "v0.9.8.1" })
        {
            staging.Approve(version);
            staging.Stage(version).ExitCode.ShouldBe(0);
            staging.Home.Run("abandon").ExitCode.ShouldBe(0);
            staging.Home.Run("deny", version, "--reason", "next").ExitCode.ShouldBe(0);
        }
        staging.Approve("v1.0.0-beta.1");
        staging.Stage("v1.0.0-beta.1").ExitCode.ShouldBe(0);
        var knownGood = staging.Metadata.KnownGood;
        knownGood.Write(knownGood.Read() with { Version = "v0.9.8", History = [new State.KnownGoodEntry("v0.9.8", DateTimeOffset.UnixEpoch, "test")] });
        var removedBuild = staging.BuildOf("v0.9.8.1");

        var result = staging.Home.Run("cleanup-artifacts", "--keep", "0", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["removed"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["v0.9.8.1"]);
        staging.BuildOf("v0.9.8").ShouldNotBeNull();
        staging.BuildOf("v1.0.0-beta.1").ShouldNotBeNull();
        staging.BuildOf("v0.9.8.1").ShouldBeNull();
        Directory.Exists(removedBuild).ShouldBeFalse();
        staging.Home.AuditEventTypes().ShouldContain("artifact_deleted");
        staging.Home.RunAs("billy", "cleanup-artifacts").ExitCode.ShouldBe(3);
    }

    private static string Snapshot(string root) => string.Join('\n',
        Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !p.Contains("/.billy/cache", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length + ":" + File.GetLastWriteTimeUtc(p).Ticks : "")}"));
}
