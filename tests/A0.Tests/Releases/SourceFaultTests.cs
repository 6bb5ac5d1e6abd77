using System.Globalization;
using A0.Approvals;
using A0.Config;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class SourceFaultTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public void A_rate_limit_is_exit_7_with_retry_at_and_is_not_retried(int statusCode)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds());
        home.Server.Faults.RateLimit(reset, statusCode);

        var check = home.Run("check-updates", "--json");
        var request = home.Run("request-upgrade", "v0.9.8.1", "--json");
        var text = home.Run("check-updates");

        var expected = reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var result in new[] { check, request })
        {
            result.ExitCode.ShouldBe(7, result.ToString());
            result.Json["status"]!.GetValue<string>().ShouldBe("error");
            result.Json["code"]!.GetValue<string>().ShouldBe("rate_limited");
            result.Json["retry_at"]!.GetValue<string>().ShouldBe(expected);
            DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ShouldBe(reset);
        }
        text.ExitCode.ShouldBe(7);
        text.Error.ShouldContain(expected);
        home.Server.Requests.Count.ShouldBe(3);
        File.Exists(home.Home.BillyFile("pending_approval.json")).ShouldBeFalse();
        var refusal = home.Home.AuditEntries()[^1];
        refusal["event_type"]!.GetValue<string>().ShouldBe("command_refused");
        refusal["details"]!["retry_at"]!.GetValue<string>().ShouldBe(expected);
        refusal["details"]!["exit_code"]!.GetValue<int>().ShouldBe(7);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public void Two_server_errors_are_retried_and_the_third_answer_is_used(int statusCode)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Server.Faults.FailNext(2, statusCode);

        var result = home.Run("check-updates", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["releases"]!.AsArray().Count.ShouldBe(3);
        home.Server.Requests.Count(r => r.Path.Contains("/releases", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public void A_request_survives_server_errors_on_its_tag_lookups()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Server.Faults.FailNext(2);

        var result = home.Run("request-upgrade", "v0.9.8.1");

        result.ExitCode.ShouldBe(0, result.ToString());
        home.Metadata.PendingApproval.Read().CommitSha.ShouldBe(fixture.Upstream["v0.9.8.1"].CommitSha);
    }

    [Fact]
    public void Server_errors_that_never_stop_are_exit_7_after_the_configured_retries()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Server.Faults.FailNext(int.MaxValue);

        var result = home.Run("check-updates", "--json");

        result.ExitCode.ShouldBe(7, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("source_unavailable");
        result.Json["message"]!.GetValue<string>().ShouldContain("503");
        home.Server.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public void A_stalled_api_is_exit_7_once_the_timeout_passes()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Configure(config => config with { Network = new NetworkConfig { TimeoutSeconds = 1, Retries = 1, RetryDelayMs = 10 } });
        home.Server.Faults.Stall();

        var result = home.Run("check-updates", "--json");

        result.ExitCode.ShouldBe(7, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("source_unavailable");
        result.Json["message"]!.GetValue<string>().ShouldContain("no answer within 1 s");
        home.Server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public void With_the_api_down_the_api_home_is_exit_7_while_a_git_home_on_the_same_repository_works()
    {
        using var api = UpstreamHome.WithApi(fixture.Upstream);
        using var git = UpstreamHome.WithGit(fixture.Upstream);
        api.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        api.StopApi();
        var apiCheck = api.Run("check-updates", "--json");
        var apiApprove = api.Run("approve", "v0.9.8.1", "--json");
        var apiDeny = api.Run("deny", "v0.9.8.1", "--reason", "the API is down");
        var gitCheck = git.Run("check-updates", "--json");
        var gitRequest = git.RunAs("billy", "request-upgrade", "v0.9.8.1");
        var gitApprove = git.Run("approve", "v0.9.8.1");

        apiCheck.ExitCode.ShouldBe(7, apiCheck.ToString());
        apiCheck.Json["code"]!.GetValue<string>().ShouldBe("source_unavailable");
        apiApprove.ExitCode.ShouldBe(7, apiApprove.ToString());
        apiDeny.ExitCode.ShouldBe(0, apiDeny.ToString());
        api.Metadata.PendingApproval.Read().Status.ShouldBe(ApprovalStatus.Denied);
        gitCheck.ExitCode.ShouldBe(0, gitCheck.ToString());
        gitCheck.Json["releases"]!.AsArray().Select(r => r!["version"]!.GetValue<string>()).ShouldBe(["v0.9.8.1", "v0.9.8", "v0.9.7"]);
        gitRequest.ExitCode.ShouldBe(0, gitRequest.ToString());
        gitApprove.ExitCode.ShouldBe(0, gitApprove.ToString());
        var approved = git.Metadata.PendingApproval.Read();
        (approved.Status, approved.CommitSha).ShouldBe((ApprovalStatus.Approved, fixture.Upstream["v0.9.8.1"].CommitSha));
    }

    [Fact]
    public void An_approval_waits_while_the_api_is_unreachable()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);
        home.Server.Faults.FailNext(int.MaxValue, 502);

        var refused = home.Run("approve", "v0.9.8", "--json");
        var pending = home.Metadata.PendingApproval.Read().Status;
        home.Server.Faults.Clear();
        var approved = home.Run("approve", "v0.9.8");

        refused.ExitCode.ShouldBe(7, refused.ToString());
        pending.ShouldBe(ApprovalStatus.Pending);
        approved.ExitCode.ShouldBe(0, approved.ToString());
    }

    [Fact]
    public void An_unreachable_clone_url_is_exit_7_for_a_git_home()
    {
        using var home = UpstreamHome.WithGit(fixture.Upstream);
        home.Configure(config => config with { CloneUrl = Path.Combine(home.Home.Root, "no-such-repo.git") });

        var check = home.Run("check-updates", "--json");
        var request = home.Run("request-upgrade", "v0.9.8", "--json");

        check.ExitCode.ShouldBe(7, check.ToString());
        check.Json["code"]!.GetValue<string>().ShouldBe("source_unavailable");
        request.ExitCode.ShouldBe(7, request.ToString());
        File.Exists(home.Home.BillyFile("pending_approval.json")).ShouldBeFalse();
    }
}
