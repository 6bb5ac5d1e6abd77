using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.Installs;

/// <summary>A home written by the a0 before app paths anywhere keeps working; its config is migrated once, atomically and audited (CONTRACT §1).</summary>
public sealed class SchemaMigrationTests
{
    /// <summary>config.json exactly as that a0 wrote it (schema 1: app_dir, a name inside the home).</summary>
    private const string PreviousConfig = """
        {
          "schema_version": 1,
          "repo": "agent0ai/agent-zero",
          "source": "github",
          "api_url": "https://api.github.com",
          "clone_url": "/nonexistent.git",
          "python": "python3",
          "app_dir": "agent-zero",
          "user_data": [
            "usr",
            "tmp",
            "logs",
            ".env",
            "memory",
            "knowledge/custom",
            "instruments/custom"
          ],
          "approval": {
            "expiry_hours": 72,
            "two_person": false,
            "signers": null
          },
          "staging": {
            "min_free_bytes": 2147483648
          },
          "network": {
            "timeout_seconds": 20,
            "retries": 3,
            "retry_delay_ms": 1000
          }
        }
        """;

    [Fact]
    public void A_home_written_by_the_previous_a0_keeps_working_and_the_next_mutating_command_migrates_its_config()
    {
        using var home = PreviousHome(PreviousConfig);
        var written = File.ReadAllBytes(home.BillyFile("config.json"));

        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.Run("env", "ls", "app").ExitCode.ShouldBe(0);
        home.Run("doctor").ExitCode.ShouldBe(0);
        File.ReadAllBytes(home.BillyFile("config.json")).ShouldBe(written, "read-only commands write nothing");

        var grant = home.Run("grant", "billy", "observer");
        home.Run("revoke", "billy").ExitCode.ShouldBe(0);

        grant.ExitCode.ShouldBe(0, grant.ToString());
        var config = JsonNode.Parse(File.ReadAllText(home.BillyFile("config.json")))!.AsObject();
        config["schema_version"]!.GetValue<int>().ShouldBe(2);
        config["app_path"]!.GetValue<string>().ShouldBe(home.AppPath);
        config.ContainsKey("app_dir").ShouldBeFalse();
        var migrated = home.AuditEntries().Where(e => e["event_type"]!.GetValue<string>() == "schema_migrated").ShouldHaveSingleItem();
        migrated["actor"]!.GetValue<string>().ShouldBe(Environment.UserName);
        migrated["details"]!.ToJsonString().ShouldBe("""{"file":".billy/config.json","from_schema":1,"to_schema":2}""");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
        home.Run("doctor").ExitCode.ShouldBe(0);
        new FileInfo(home.AppPath).LinkTarget.ShouldBe("releases/v0.9.8", "the link that a0 made is left as it is: it still resolves");
    }

    [Theory]
    [InlineData("\"../elsewhere\"", "app_dir: '../elsewhere' must be a plain directory name")]
    [InlineData("5", "app_dir: '5' must be a plain directory name")]
    public void A_previous_config_with_an_unusable_app_dir_is_invalid_naming_the_field(string appDir, string message)
    {
        using var home = PreviousHome(PreviousConfig.Replace("\"agent-zero\"", appDir, StringComparison.Ordinal));

        var status = home.Run("status", "--json");

        status.ExitCode.ShouldBe(6, status.ToString());
        status.Json["code"]!.GetValue<string>().ShouldBe("invalid_metadata");
        status.Json["message"]!.GetValue<string>().ShouldContain($".billy/config.json is invalid: {message}");
    }

    /// <summary>An initialised home put back the way the previous a0 left it: that config, and the app path linked relatively.</summary>
    private static TestHome PreviousHome(string config)
    {
        var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("config.json"), config);
        File.Delete(home.AppPath);
        Directory.CreateSymbolicLink(home.AppPath, "releases/v0.9.8");
        return home;
    }
}
