using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using A0.Processes;
using A0.State;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

/// <summary>Every message is written for a person (no .NET internals), and every JSON timestamp is ISO 8601 UTC with a Z.</summary>
public sealed partial class MessageTests
{
    [Theory]
    [InlineData("no command given", new string[0])]
    [InlineData("`a0 env` needs one of: ls, cat, find", new[] { "env" })]
    [InlineData("'frobnicate' is not an a0 command", new[] { "frobnicate" })]
    [InlineData("--tail needs a whole number, not 'many'", new[] { "audit", "--tail", "many" })]
    [InlineData("--keep needs a whole number, not 'x'", new[] { "cleanup-artifacts", "--keep", "x" })]
    [InlineData("'superuser' is not one of: observer, executor", new[] { "grant", "billy", "superuser" })]
    [InlineData("`a0 deny` needs --reason", new[] { "deny", "v0.9.8" })]
    [InlineData("`a0 env cat` needs <path>", new[] { "env", "cat" })]
    [InlineData("`a0 status` does not take '--no-such'", new[] { "status", "--no-such" })]
    [InlineData("--probation '10x' is not a duration such as 30s, 10m or 1h", new[] { "promote", "--probation", "10x" })]
    [InlineData("--probation 'm' is not a duration such as 30s, 10m or 1h", new[] { "promote", "--probation", "m" })]
    [InlineData("--probation '999999' is not a duration such as 30s, 10m or 1h", new[] { "promote", "--probation", "999999" })]
    public void A_usage_error_says_what_was_wrong_in_words(string message, string[] args)
    {
        using var home = HomeFixtures.Initialised();

        var result = home.Run(args);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldStartWith($"a0: {message}");
        result.Error.ShouldNotContain("System.");
        result.Error.ShouldNotContain("Required command was not provided");
    }

    [Theory]
    [InlineData("state.json", "state", "\"BOGUS\"")]
    [InlineData("config.json", "network", "{\"timeout_seconds\": \"soon\"}")]
    public void A_metadata_field_of_the_wrong_kind_is_named_without_dotnet_type_names(string file, string field, string json)
    {
        using var home = HomeFixtures.Initialised();
        home.EditJson(file, document => document[field] = JsonNode.Parse(json));

        var doctor = home.Run("doctor");

        doctor.Out.ShouldContain($"{file} is invalid: field '{field}");
        doctor.Out.ShouldNotContain("A0.");
        doctor.Out.ShouldNotContain("System.");
    }

    [Fact]
    public void A_home_that_is_a_file_is_named_as_such()
    {
        using var home = HomeFixtures.Initialised();
        var file = Path.Combine(home.Root, "not-a-home.txt");
        File.WriteAllText(file, "x");

        var status = A0Command.Run(home.Root, new Dictionary<string, string?>(), null, "--home", file, "status");

        status.ExitCode.ShouldBe(4, status.ToString());
        status.Error.ShouldContain($"{file} is a file, not a directory");
    }

    [Fact]
    public void A_directory_in_place_of_lock_json_is_named_as_such_and_doctor_says_how_to_fix_it()
    {
        using var home = HomeFixtures.Initialised();
        Directory.CreateDirectory(home.BillyFile("lock.json"));

        var grant = home.Run("grant", "billy", "observer");
        var doctor = home.Json("doctor");

        grant.ExitCode.ShouldBe(6, grant.ToString());
        grant.Error.ShouldContain(".billy/lock.json is invalid: a directory is in its place");
        grant.Error.ShouldNotContain("rename");
        doctor["findings"]!.AsArray().ShouldContain(f => f!["message"]!.GetValue<string>().Contains("lock.json is invalid: a directory, not a regular file")
            && f["fix"]!.GetValue<string>().StartsWith("remove .billy/lock.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_timestamp_in_status_json_is_UTC_with_a_Z()
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        var plusTwo = new DateTimeOffset(2025, 3, 4, 7, 6, 7, TimeSpan.FromHours(2));
        context.Metadata.State.Write(new StateRecord
        {
            State = OperationState.Failed,
            Reason = "staging_failed",
            UpdatedAt = plusTwo,
            LastFailure = new FailureRecord("staging_failed", "x", plusTwo),
        });
        context.Metadata.PendingApproval.Write(context.OpenRequest() with
        {
            RequestedAt = context.Now.ToOffset(TimeSpan.FromHours(-5)),
            ExpiresAt = context.Now.AddHours(1).ToOffset(TimeSpan.FromHours(5)),
        });
        context.Metadata.LockOwner.Write(new LockOwner
        {
            Pid = Environment.ProcessId,
            ProcessStartTime = ProcessInfo.StartTime(Environment.ProcessId)!.Value,
            Host = Environment.MachineName,
            Command = "promote",
            StartedAt = plusTwo,
        });

        var status = home.Run("status", "--json");

        status.ExitCode.ShouldBe(0, status.ToString());
        var timestamps = TimestampLike().Matches(status.Out).Select(m => m.Value).ToList();
        timestamps.Count.ShouldBeGreaterThanOrEqualTo(4);
        timestamps.ShouldAllBe(t => t.EndsWith('Z'));
        status.Json["last_failure"]!["at"]!.GetValue<string>().ShouldBe("2025-03-04T05:06:07Z");
        status.Json["locks"]!["operation"]!["started_at"]!.GetValue<string>().ShouldBe("2025-03-04T05:06:07Z");
        File.ReadAllText(home.BillyFile("state.json")).ShouldContain("\"updated_at\": \"2025-03-04T05:06:07Z\"");
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^""]*")]
    private static partial Regex TimestampLike();
}
