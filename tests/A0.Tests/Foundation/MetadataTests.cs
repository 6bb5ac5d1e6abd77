using System.Text;
using System.Text.Json.Nodes;
using A0.Storage;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class MetadataTests
{
    public static TheoryData<string> Files() => new(HomeFixtures.MetadataFiles);

    public static TheoryData<string, string> BrokenFiles() =>
        new(HomeFixtures.MetadataFiles.SelectMany(file => new[] { (file, "corrupt"), (file, "truncated") }));

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_corrupt_or_truncated_metadata_file_is_an_error_naming_the_file(string file, string damage)
    {
        using var home = Prepared();
        var path = home.BillyFile(file);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage == "corrupt" ? Encoding.UTF8.GetBytes("this is not JSON {") : bytes[..(bytes.Length / 2)]);

        var message = FirstComplaint(home, file);

        message.ShouldContain($".billy/{file} is invalid");
        message.ShouldContain("not valid JSON");
    }

    [Theory]
    [InlineData("config.json", "python", "5", "field 'python'")]
    [InlineData("config.json", "app_path", "\"elsewhere\"", "app_path: 'elsewhere' must be an absolute path")]
    [InlineData("config.json", "schema_version", "\"1\"", "schema_version")]
    [InlineData("authority.json", "humans", "\"root\"", "field 'humans'")]
    [InlineData("authority.json", "agents", "[{\"id\": \"billy\", \"level\": \"god\"}]", "agents[0].level")]
    [InlineData("state.json", "state", "\"BOGUS\"", "field 'state'")]
    [InlineData("state.json", "updated_at", "12", "field 'updated_at'")]
    [InlineData("state.json", "schema_version", "\"1\"", "schema_version")]
    [InlineData("version.json", "current_version", "\"latest\"", "current_version")]
    [InlineData("version.json", "commit_sha", "[1]", "field 'commit_sha'")]
    [InlineData("known_good.json", "history", "{}", "field 'history'")]
    [InlineData("known_good.json", "version", "\"v1.0\"", "history")]
    [InlineData("pending_approval.json", "commit_sha", "\"not-a-sha\"", "commit_sha")]
    [InlineData("pending_approval.json", "status", "\"maybe\"", "field 'status'")]
    public void A_wrong_field_type_or_invalid_value_is_an_error_naming_the_file_and_field(string file, string field, string json, string named)
    {
        using var home = Prepared();
        home.EditJson(file, document => document[field] = JsonNode.Parse(json));

        var message = FirstComplaint(home, file);

        message.ShouldContain($".billy/{file} is invalid");
        message.ShouldContain(named);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("authority.json")]
    public void A_missing_config_or_policy_is_an_error_naming_the_file(string file)
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.BillyFile(file));

        var result = home.Run("status", "--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("not_initialized");
        result.Json["message"]!.GetValue<string>().ShouldContain($".billy/{file} is missing");
    }

    [Theory]
    [InlineData("version.json")]
    [InlineData("known_good.json")]
    public void A_missing_version_record_is_a_problem_doctor_names(string file)
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.BillyFile(file));

        var result = home.Run("doctor", "--json");

        result.ExitCode.ShouldBe(1, result.ToString());
        Problems(result.Json).ShouldContain(message => message.Contains($".billy/{file} is missing"));
    }

    [Fact]
    public void A_missing_state_file_in_an_initialised_home_means_FAILED_HARD_and_recover_rebuilds_it()
    {
        using var home = HomeFixtures.Initialised();
        File.Delete(home.BillyFile("state.json"));

        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldContain(".billy/state.json is missing");
        home.Run("clear-failure").ExitCode.ShouldBe(5);

        home.Run("recover", "--i-understand").ExitCode.ShouldBe(0);
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
    }

    [Fact]
    public void A_missing_pending_approval_is_simply_no_request()
    {
        using var home = HomeFixtures.Initialised();

        var status = home.Run("status", "--json");

        status.ExitCode.ShouldBe(0, status.ToString());
        status.Json["pending_approval"].ShouldBeNull();
        File.Exists(home.BillyFile("pending_approval.json")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"schema_version\": 1}")]
    [InlineData("{\"schema_version\": 0, \"state\": \"IDLE\"}")]
    [InlineData("{\"schema_version\": 1, \"state\": \"IDLE\", \"reason\": \"\", \"updated_at\": \"2025-01-01T00:00:00Z\"}")]
    public void A_bad_state_file_shows_as_FAILED_HARD_in_status(string content)
    {
        using var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("state.json"), content);

        var status = home.Run("status", "--json");

        status.ExitCode.ShouldBe(0, status.ToString());
        status.Json["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        status.Json["last_failure"]!["message"]!.GetValue<string>().ShouldContain(".billy/state.json is invalid");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_from_a_newer_a0_is_refused_with_exit_4_and_nothing_is_written(string file)
    {
        using var home = Prepared();
        home.EditJson(file, document => document["schema_version"] = 99);
        var before = home.MetadataBytes("upgrade_history.log", "audit_head.json");
        var audited = home.AuditCount();

        var status = home.Run("status", "--json");

        status.ExitCode.ShouldBe(4, status.ToString());
        status.Json["code"]!.GetValue<string>().ShouldBe("newer_schema");
        status.Json["message"]!.GetValue<string>().ShouldContain($".billy/{file} was written by a newer a0");
        home.MetadataBytes("upgrade_history.log", "audit_head.json").ShouldBeUnchangedFrom(before);
        home.AuditEntriesAfter(audited).ShouldBeEmpty("a newer a0's home is not written to, its audit log included");
    }

    [Theory]
    [InlineData("state.json")]
    [InlineData("authority.json")]
    public void A_mutating_command_refuses_a_newer_state_or_policy_and_leaves_no_lock_owner(string file)
    {
        using var home = HomeFixtures.Initialised();
        home.EditJson(file, document => document["schema_version"] = 7);
        var before = home.MetadataBytes("upgrade_history.log", "audit_head.json");

        var clear = home.Run("clear-failure", "--json");

        clear.ExitCode.ShouldBe(4, clear.ToString());
        clear.Json["message"]!.GetValue<string>().ShouldContain($".billy/{file} was written by a newer a0 (schema_version 7");
        home.MetadataBytes("upgrade_history.log", "audit_head.json").ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public void Atomic_writes_leave_no_temp_files_behind()
    {
        using var home = HomeFixtures.Initialised();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        home.Run("revoke", "billy").ExitCode.ShouldBe(0);
        home.Run("clear-failure").ExitCode.ShouldBe(4);

        Directory.EnumerateFileSystemEntries(home.Root).Select(Path.GetFileName).ShouldBe(["agent-zero", "data", "releases", ".billy"], ignoreOrder: true);
        Directory.EnumerateFileSystemEntries(home.Billy).Select(Path.GetFileName)
            .ShouldBe(["audit.lock", "audit_head.json", "authority.json", "config.json", "known_good.json", "lock", "state.json", "upgrade_history.log", "version.json"], ignoreOrder: true);
    }

    [Fact]
    public void An_atomic_write_replaces_the_whole_file_and_a_failed_one_leaves_no_temp_file()
    {
        using var home = new TestHome();
        var target = Path.Combine(home.Root, "file.json");
        AtomicFile.Write(target, Encoding.UTF8.GetBytes("a long first version of the file"));
        AtomicFile.Write(target, Encoding.UTF8.GetBytes("short"));
        File.ReadAllText(target).ShouldBe("short");

        var blocked = Path.Combine(home.Root, "taken");
        Directory.CreateDirectory(Path.Combine(blocked, "child"));
        Should.Throw<IOException>(() => AtomicFile.Write(blocked, Encoding.UTF8.GetBytes("x")));

        Directory.EnumerateFileSystemEntries(home.Root).Select(Path.GetFileName).ShouldBe(["file.json", "taken"], ignoreOrder: true);
    }

    /// <summary>An initialised home that also holds an open approval request, so all six files exist.</summary>
    private static TestHome Prepared()
    {
        var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.Metadata.PendingApproval.Write(context.OpenRequest());
        return home;
    }

    /// <summary>What a user is told first: state.json problems show as FAILED_HARD in status, the rest fail status outright.</summary>
    private static string FirstComplaint(TestHome home, string file)
    {
        var status = home.Run("status", "--json");
        if (file == "state.json")
        {
            status.ExitCode.ShouldBe(0, status.ToString());
            status.Json["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
            return status.Json["last_failure"]!["message"]!.GetValue<string>();
        }
        status.ExitCode.ShouldBe(6, status.ToString());
        status.Json["code"]!.GetValue<string>().ShouldBe("invalid_metadata");
        return status.Json["message"]!.GetValue<string>();
    }

    private static IEnumerable<string> Problems(JsonObject doctor) =>
        doctor["findings"]!.AsArray().Where(f => f!["severity"]!.GetValue<string>() != "ok").Select(f => f!["message"]!.GetValue<string>());
}
