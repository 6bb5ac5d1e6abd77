using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class RequestUpgradeTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_request_binds_an_annotated_tag_to_its_peeled_commit_and_tag_object(bool enterprise)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream, enterprise);
        var release = fixture.Upstream["v0.9.8.1"];

        var result = home.Run("request-upgrade", "v0.9.8.1", "--notes", "the response tool fix", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var pending = PendingFile(home);
        pending["version"]!.GetValue<string>().ShouldBe("v0.9.8.1");
        pending["commit_sha"]!.GetValue<string>().ShouldBe(release.CommitSha);
        pending["tag_object_sha"]!.GetValue<string>().ShouldBe(release.TagObjectSha);
        pending["commit_sha"]!.GetValue<string>().ShouldNotBe(release.TagObjectSha);
        pending["requested_by"]!.GetValue<string>().ShouldBe(Environment.UserName);
        pending["approval_id"]!.GetValue<string>().ShouldMatch("^[0-9a-f]{32}$");
        pending["source"]!.GetValue<string>().ShouldBe((enterprise ? home.Server.EnterpriseApiUrl : home.Server.BaseUrl) + "/repos/agent0ai/agent-zero");
        pending["notes"]!.GetValue<string>().ShouldBe("the response tool fix");
        pending["status"]!.GetValue<string>().ShouldBe("pending");
        var requestedAt = Time(pending["requested_at"]);
        requestedAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        (Time(pending["expires_at"]) - requestedAt).ShouldBe(TimeSpan.FromHours(72));
        result.Json["approval"]!["approval_id"]!.GetValue<string>().ShouldBe(pending["approval_id"]!.GetValue<string>());
        var audited = home.Home.AuditEntries()[^1];
        audited["event_type"]!.GetValue<string>().ShouldBe("upgrade_requested");
        audited["version"]!.GetValue<string>().ShouldBe("v0.9.8.1");
        audited["details"]!["commit_sha"]!.GetValue<string>().ShouldBe(release.CommitSha);
    }

    [Fact]
    public void A_request_for_a_lightweight_tag_has_no_tag_object()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);

        var result = home.Run("request-upgrade", "v0.9.8");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldContain("Requested v0.9.8");
        var pending = PendingFile(home);
        pending["commit_sha"]!.GetValue<string>().ShouldBe(fixture.Upstream["v0.9.8"].CommitSha);
        pending["tag_object_sha"].ShouldBeNull();
        pending["notes"].ShouldBeNull();
    }

    [Fact]
    public void An_agent_may_request_and_is_named_as_the_requester()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);

        var result = home.RunAs("billy", "request-upgrade", "v0.9.8.1");

        result.ExitCode.ShouldBe(0, result.ToString());
        PendingFile(home)["requested_by"]!.GetValue<string>().ShouldBe("billy");
        home.Home.AuditEntries()[^1]["agent_id"]!.GetValue<string>().ShouldBe("billy");
    }

    [Theory]
    [InlineData("v0.9.8")]
    [InlineData("v0.9.8.1")]
    [InlineData("v1.0.0-beta.1")]
    public void A_home_on_plain_git_binds_the_same_commit_and_names_the_clone_url(string tag)
    {
        using var home = UpstreamHome.WithGit(fixture.Upstream);
        var release = fixture.Upstream[tag];

        var result = home.Run("request-upgrade", tag, "--allow-prerelease");

        result.ExitCode.ShouldBe(0, result.ToString());
        var pending = PendingFile(home);
        pending["commit_sha"]!.GetValue<string>().ShouldBe(release.CommitSha);
        pending["tag_object_sha"]?.GetValue<string>().ShouldBe(release.TagObjectSha);
        (pending["tag_object_sha"] is null).ShouldBe(release.TagObjectSha is null);
        pending["source"]!.GetValue<string>().ShouldBe(fixture.Upstream.BareRepoPath);
    }

    [Theory]
    [InlineData("v0.9.8")]
    [InlineData("v0.9.8.1")]
    public void While_a_request_is_open_another_is_refused_with_exit_4(string second)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Run("request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);
        var before = File.ReadAllText(home.Home.BillyFile("pending_approval.json"));

        var result = home.Run("request-upgrade", second, "--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("approval_open");
        File.ReadAllText(home.Home.BillyFile("pending_approval.json")).ShouldBe(before);
        var refusal = home.Home.AuditEntries()[^1];
        refusal["event_type"]!.GetValue<string>().ShouldBe("command_refused");
        refusal["details"]!["exit_code"]!.GetValue<int>().ShouldBe(4);
    }

    [Fact]
    public void A_prerelease_needs_allow_prerelease()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);

        var refused = home.Run("request-upgrade", "v1.0.0-beta.1", "--json");
        var noFile = File.Exists(home.Home.BillyFile("pending_approval.json"));
        var allowed = home.Run("request-upgrade", "v1.0.0-beta.1", "--allow-prerelease");

        refused.ExitCode.ShouldBe(4, refused.ToString());
        refused.Json["code"]!.GetValue<string>().ShouldBe("prerelease");
        noFile.ShouldBeFalse();
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
        PendingFile(home)["commit_sha"]!.GetValue<string>().ShouldBe(fixture.Upstream["v1.0.0-beta.1"].CommitSha);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tag_the_source_lacks_is_a_usage_error_and_writes_nothing(bool git)
    {
        using var home = git ? UpstreamHome.WithGit(fixture.Upstream) : UpstreamHome.WithApi(fixture.Upstream);
        var auditLines = home.Home.AuditEntries().Count;

        var result = home.Run("request-upgrade", "v9.9.9", "--json");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Json["message"]!.GetValue<string>().ShouldContain("v9.9.9");
        File.Exists(home.Home.BillyFile("pending_approval.json")).ShouldBeFalse();
        home.Home.AuditEntries().Count.ShouldBe(auditLines);
    }

    [Fact]
    public void The_current_version_cannot_be_requested()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);

        var result = home.Run("request-upgrade", "v0.9.7");

        result.ExitCode.ShouldBe(4, result.ToString());
        File.Exists(home.Home.BillyFile("pending_approval.json")).ShouldBeFalse();
    }

    [Fact]
    public void The_open_request_is_shown_by_pending_approvals()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Run("request-upgrade", "v0.9.8.1", "--notes", "please").ExitCode.ShouldBe(0);

        var json = home.RunAs("billy", "pending-approvals", "--json");

        json.ExitCode.ShouldBe(0, json.ToString());
        var open = json.Json["pending_approvals"]!.AsArray().ShouldHaveSingleItem()!;
        open["version"]!.GetValue<string>().ShouldBe("v0.9.8.1");
        open["status"]!.GetValue<string>().ShouldBe("pending");
        open["notes"]!.GetValue<string>().ShouldBe("please");
    }

    private static JsonObject PendingFile(UpstreamHome home) =>
        JsonNode.Parse(File.ReadAllText(home.Home.BillyFile("pending_approval.json")))!.AsObject();

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
