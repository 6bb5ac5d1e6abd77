using System.Text.Json.Nodes;
using A0.Processes;
using A0.State;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class DoctorTests
{
    [Fact]
    public void Doctor_exits_0_on_a_fresh_home()
    {
        using var home = HomeFixtures.Initialised();

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["healthy"]!.GetValue<bool>().ShouldBeTrue();
        Findings(result.Json).ShouldNotContain(f => f.Severity == "problem" || f.Severity == "integrity");
        Findings(result.Json).ShouldContain(f => f.Check == "authority" && f.Severity == "warning" && f.Message.Contains("agent running as a human's OS user"));
    }

    [Fact]
    public void Doctor_exits_6_after_an_audit_edit_naming_the_line_and_the_fix()
    {
        using var home = HomeFixtures.Initialised();
        var lines = File.ReadAllLines(home.AuditLog);
        lines[1] = lines[1].Replace("release_adopted", "release_stolen", StringComparison.Ordinal);
        File.WriteAllLines(home.AuditLog, lines);

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        var audit = Findings(result.Json).Single(f => f.Check == "audit");
        audit.Severity.ShouldBe("integrity");
        audit.Message.ShouldStartWith("audit chain broken at line 2");
        audit.Fix.ShouldNotBeNull().ShouldContain("a0 audit verify");
    }

    [Fact]
    public void Doctor_exits_1_when_the_configured_python_is_missing()
    {
        using var home = HomeFixtures.Initialised();
        home.EditJson("config.json", config => config["python"] = "/nonexistent/python3");

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(1, result.ToString());
        var python = Findings(result.Json).Single(f => f.Check == "python");
        python.Severity.ShouldBe("problem");
        python.Message.ShouldContain("'/nonexistent/python3' is not found");
        python.Fix.ShouldNotBeNull().ShouldContain("config.json");
    }

    [Fact]
    public void Doctor_exits_6_when_the_app_path_was_changed_outside_a0_and_its_fix_heals_it()
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.AppPath);
        Directory.CreateSymbolicLink(home.AppPath, "data");

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        var fix = Findings(result.Json).Single(f => f.Check == "app path").Fix.ShouldNotBeNull();
        fix.ShouldStartWith($"ln -sfn {home.Root}/releases/v0.9.8 {home.AppPath}");
        HomeFixtures.Exec(home.Root, "ln", "-sfn", $"{home.Root}/releases/v0.9.8", home.AppPath);
        Findings(home.Json("doctor")).Single(f => f.Check == "app path").Severity.ShouldBe("ok");
    }

    [Fact]
    public void Doctor_warns_about_a_garbage_build_and_a_dead_lock_owner_but_stays_healthy()
    {
        using var home = HomeFixtures.Initialised();
        Directory.CreateDirectory(Path.Combine(home.Billy, "builds", "b-orphan", "tree"));
        File.WriteAllText(home.BillyFile("lock.json"),
            """{"schema_version": 1, "pid": 2147483000, "process_start_time": 1, "host": "h", "command": "promote", "started_at": "2025-01-01T00:00:00Z"}""");

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        Findings(result.Json).ShouldContain(f => f.Check == "builds" && f.Severity == "warning" && f.Message.Contains("b-orphan"));
        Findings(result.Json).ShouldContain(f => f.Check == "lock" && f.Severity == "warning" && f.Message.Contains("which is gone"));
    }

    [Fact]
    public void Doctor_names_a_FAILED_HARD_state_and_its_fix()
    {
        using var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("state.json"), "{\"schema_version\": 1, \"state\": \"IDLE\"}");

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        Findings(result.Json).ShouldContain(f => f.Check == "metadata" && f.Message.Contains(".billy/state.json is invalid") && f.Fix!.StartsWith("a0 recover --i-understand", StringComparison.Ordinal));
        Findings(result.Json).ShouldContain(f => f.Check == "state" && f.Message.StartsWith("FAILED_HARD", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("invalid")]
    [InlineData("a symlink")]
    [InlineData("binary")]
    public void Doctor_finds_a_broken_artifact_manifest_and_its_fix_works(string manifest)
    {
        using var home = HomeFixtures.Initialised();
        var build = Path.Combine(home.Billy, "builds", "b-broken");
        Directory.CreateDirectory(Path.Combine(build, "tree"));
        var path = Path.Combine(build, "manifest.json");
        switch (manifest)
        {
            case "empty": File.WriteAllText(path, ""); break;
            case "invalid": File.WriteAllText(path, "{\"schema_version\": 1, \"version\": "); break;
            case "a symlink": File.CreateSymbolicLink(path, home.BillyFile("state.json")); break;
            case "binary": File.WriteAllBytes(path, [0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0xfe]); break;
        }
        Directory.CreateDirectory(Path.Combine(home.Billy, "artifacts"));
        var link = Path.Combine(home.Billy, "artifacts", "v0.9.9");
        File.CreateSymbolicLink(link, "../builds/b-broken");
        home.Run("list-artifacts").ExitCode.ShouldBe(6);

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        var finding = Findings(result.Json).Single(f => f.Check == "artifacts");
        finding.Severity.ShouldBe("integrity");
        finding.Message.ShouldContain($"{path} is invalid");
        finding.Fix.ShouldNotBeNull().ShouldStartWith($"rm {link}");
        File.Delete(link);
        home.Run("list-artifacts").ExitCode.ShouldBe(0);
        home.Run("doctor").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void The_build_of_a_live_staging_is_not_garbage()
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.Metadata.State.Write(new StateRecord
        {
            State = OperationState.Staging,
            Reason = "approval_granted",
            UpdatedAt = context.Now,
            ActiveOperation = new ActiveOperation("staging", "v0.9.9", context.Now) { BuildId = "b-live", Pid = Environment.ProcessId },
        });
        context.Metadata.LockOwner.Write(new LockOwner
        {
            Pid = Environment.ProcessId,
            ProcessStartTime = ProcessInfo.StartTime(Environment.ProcessId)!.Value,
            Host = Environment.MachineName,
            Command = "begin-staging",
            StartedAt = context.Now,
        });
        Directory.CreateDirectory(Path.Combine(home.Billy, "builds", "b-live", "tree"));

        var findings = Findings(home.Json("doctor"));

        findings.ShouldNotContain(f => f.Message.Contains("b-live"));
        findings.ShouldContain(f => f.Check == "state" && f.Message == "STAGING");
    }

    [Theory]
    [InlineData("state.json")]
    [InlineData("version.json")]
    public void A_missing_state_or_version_record_gets_a_fix_that_works(string file)
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.BillyFile(file));

        var finding = Findings(home.Json("doctor")).First(f => f.Message.Contains($".billy/{file} is missing"));

        finding.Fix.ShouldNotBeNull().ShouldStartWith("a0 recover --i-understand");
        home.Run("recover", "--i-understand").ExitCode.ShouldBe(0);
        home.Run("doctor").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_missing_config_is_not_sent_to_init_which_refuses_a_managed_home()
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.BillyFile("config.json"));

        var finding = Findings(home.Json("doctor")).Single(f => f.Message.Contains(".billy/config.json is missing"));

        finding.Fix.ShouldNotBeNull().ShouldStartWith("restore .billy/config.json from a backup");
        finding.Fix.ShouldNotContain("a0 init");
    }

    [Fact]
    public void A_corrupt_policy_file_still_gives_every_finding()
    {
        using var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("authority.json"), "{ not json");
        File.WriteAllText(home.AuditLog, File.ReadAllText(home.AuditLog).Replace("release_adopted", "release_stolen", StringComparison.Ordinal));

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        var findings = Findings(result.Json);
        findings.ShouldContain(f => f.Check == "metadata" && f.Message.Contains(".billy/authority.json is invalid") && f.Fix != null);
        findings.ShouldContain(f => f.Check == "audit" && f.Severity == "integrity");
        findings.Select(f => f.Check).ShouldContain("app path");
        findings.Select(f => f.Check).ShouldContain("state");
        home.RunAs("billy", "doctor").ExitCode.ShouldBe(3, "without a readable policy an agent naming itself is nobody");
    }

    private sealed record Finding(string Severity, string Check, string Message, string? Fix);

    private static List<Finding> Findings(JsonObject doctor) =>
        doctor["findings"]!.AsArray().Select(f => new Finding(
            f!["severity"]!.GetValue<string>(), f["check"]!.GetValue<string>(), f["message"]!.GetValue<string>(), f["fix"]?.GetValue<string>())).ToList();
}
