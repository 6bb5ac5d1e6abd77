using System.Text.Json.Nodes;
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
    public void Doctor_exits_6_when_the_app_path_was_changed_outside_a0()
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.AppPath);
        Directory.CreateSymbolicLink(home.AppPath, "data");

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        Findings(result.Json).Single(f => f.Check == "app path").Fix.ShouldNotBeNull().ShouldContain("a0 recover --i-understand");
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
        Findings(result.Json).ShouldContain(f => f.Check == "metadata" && f.Message.Contains(".billy/state.json is invalid") && f.Fix == "a0 recover --i-understand");
        Findings(result.Json).ShouldContain(f => f.Check == "state" && f.Message.StartsWith("FAILED_HARD", StringComparison.Ordinal));
    }

    private sealed record Finding(string Severity, string Check, string Message, string? Fix);

    private static List<Finding> Findings(JsonObject doctor) =>
        doctor["findings"]!.AsArray().Select(f => new Finding(
            f!["severity"]!.GetValue<string>(), f["check"]!.GetValue<string>(), f["message"]!.GetValue<string>(), f["fix"]?.GetValue<string>())).ToList();
}
