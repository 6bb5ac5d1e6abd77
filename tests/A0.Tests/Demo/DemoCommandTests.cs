using A0.Tests.Support;

namespace A0.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public void The_demo_runs_the_lifecycle_offline_and_leaves_a_home_that_still_works_without_its_server()
    {
        using var temp = new TempDirectory("a0-demo");
        var variables = TestHome.ProcessVariablesWithoutA0();
        variables["TMPDIR"] = temp.Path;

        var demo = A0Command.Run(temp.Path, variables, null, "demo", "--dir", temp.Combine("demo"));

        demo.ExitCode.ShouldBe(0, demo.ToString());
        var text = demo.Out;
        text.ShouldContain("$ a0 init");
        text.ShouldContain("$ a0 begin-staging v0.9.8.1");
        text.ShouldContain("PASSED in");
        text.ShouldContain("Promoted v0.9.8.1");
        text.ShouldContain("validation of v0.9.9 failed: import_sanity, health_check");
        text.ShouldContain("Rolled back to v0.9.7");
        text.ShouldContain("Audit chain intact");
        var home = temp.Combine("demo", "home");
        text.ShouldContain($"./a0 --home {home} check-updates");
        new FileInfo(temp.Combine("demo", "agent-zero")).LinkTarget.ShouldBe(Path.Combine(home, "releases", "v0.9.8.1"));
        Directory.EnumerateDirectories(temp.Path, "a0_validate_*").ShouldBeEmpty();
        Directory.Exists(Path.Combine(home, ".billy", "artifacts", "v0.9.8.1")).ShouldBeTrue();
        Directory.EnumerateDirectories(temp.Path, "agent_zero_build_*").ShouldBeEmpty();

        var check = A0Command.Run(temp.Path, variables, null, "--home", home, "check-updates", "--json");
        check.ExitCode.ShouldBe(0, check.ToString());
        check.Out.ShouldContain("\"version\": \"v0.9.8.1\"");

        var again = A0Command.Run(temp.Path, variables, null, "demo", "--dir", temp.Combine("demo"));
        again.ExitCode.ShouldBe(4, "the demo never overwrites a directory it already used");
    }
}
