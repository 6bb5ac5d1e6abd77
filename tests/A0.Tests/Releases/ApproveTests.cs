using A0.Approvals;
using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class ApproveTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    private static readonly string Human = Environment.UserName;

    [Fact]
    public void The_requester_may_not_approve_their_own_request_without_self()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Run("request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var result = home.Run("approve", "v0.9.8.1", "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("authority_denied");
        result.Json["authority_required"]!.GetValue<string>().ShouldBe("human");
        Pending(home).Status.ShouldBe(ApprovalStatus.Pending);
        var refusal = home.Home.AuditEntries()[^1];
        refusal["event_type"]!.GetValue<string>().ShouldBe("authority_denied");
        refusal["details"]!["command"]!.GetValue<string>().ShouldBe("approve");
    }

    [Fact]
    public void The_requester_may_approve_their_own_request_with_self_and_it_is_audited()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Run("request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var result = home.Run("approve", "v0.9.8.1", "--self", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var approval = Pending(home);
        approval.Status.ShouldBe(ApprovalStatus.Approved);
        approval.DecidedBy.ShouldBe(Human);
        approval.CommitSha.ShouldBe(fixture.Upstream["v0.9.8.1"].CommitSha);
        result.Json["approval"]!["status"]!.GetValue<string>().ShouldBe("approved");
        home.Home.AuditEventTypes().TakeLast(3).ShouldBe(["upgrade_requested", "self_approved", "upgrade_approved"]);
    }

    [Fact]
    public void With_two_person_approval_self_is_refused_but_another_requester_is_approved()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Configure(config => config with { Approval = config.Approval with { TwoPerson = true } });
        home.Run("request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var self = home.Run("approve", "v0.9.8.1", "--self", "--json");
        var stillPending = Pending(home).Status;
        home.Run("deny", "v0.9.8.1", "--reason", "an agent asks instead").ExitCode.ShouldBe(0);
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);
        var other = home.Run("approve", "v0.9.8.1");

        self.ExitCode.ShouldBe(3, self.ToString());
        self.Json["authority_required"]!.GetValue<string>().ShouldBe("human");
        self.Json["message"]!.GetValue<string>().ShouldContain("two_person");
        stillPending.ShouldBe(ApprovalStatus.Pending);
        other.ExitCode.ShouldBe(0, other.ToString());
        Pending(home).Status.ShouldBe(ApprovalStatus.Approved);
    }

    [Fact]
    public void A_human_approves_an_agents_request_without_self()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);

        var result = home.Run("approve", "v0.9.8");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Out.ShouldContain("Approved v0.9.8");
        var approval = Pending(home);
        (approval.RequestedBy, approval.DecidedBy, approval.Status).ShouldBe(("billy", Human, ApprovalStatus.Approved));
        home.Home.AuditEventTypes().ShouldNotContain("self_approved");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_agent_cannot_approve(bool agentRequested)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        var request = agentRequested ? home.RunAs("billy", "request-upgrade", "v0.9.8") : home.Run("request-upgrade", "v0.9.8");
        request.ExitCode.ShouldBe(0);

        var plain = home.RunAs("billy", "approve", "v0.9.8", "--json");
        var self = home.RunAs("billy", "approve", "v0.9.8", "--self", "--json");

        foreach (var result in new[] { plain, self })
        {
            result.ExitCode.ShouldBe(3, result.ToString());
            result.Json["authority_required"]!.GetValue<string>().ShouldBe("human");
        }
        Pending(home).Status.ShouldBe(ApprovalStatus.Pending);
        home.Home.AuditEntries()[^1]["agent_id"]!.GetValue<string>().ShouldBe("billy");
    }

    [Theory]
    [InlineData("v0.9.8")]
    [InlineData("v0.9.8.1")]
    public async Task A_tag_moved_between_request_and_approval_is_refused_with_exit_6_and_stays_pending(string tag)
    {
        using var temp = new TempDirectory("a0-moving");
        var upstream = await SampleUpstream.CreateAsync(SamplesDirectory.Locate(), temp.Path, TestContext.Current.CancellationToken);
        using var home = UpstreamHome.WithApi(upstream);
        home.Run("request-upgrade", tag).ExitCode.ShouldBe(0);
        var requested = Pending(home);
        var authority = File.ReadAllText(home.Home.BillyFile("authority.json"));

        await upstream.MoveTagAsync(tag, upstream["v0.9.7"].CommitSha, TestContext.Current.CancellationToken);
        var result = home.Run("approve", tag, "--self", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("integrity_violation");
        result.Json["message"]!.GetValue<string>().ShouldContain("moved");
        Pending(home).ShouldBe(requested);
        File.ReadAllText(home.Home.BillyFile("authority.json")).ShouldBe(authority);
        home.Home.AuditEntries()[^1]["details"]!["exit_code"]!.GetValue<int>().ShouldBe(6);
        home.Home.AuditEventTypes().ShouldNotContain("upgrade_approved");
    }

    [Theory]
    [InlineData("v0.9.8")]
    [InlineData("v0.9.8.1")]
    public void An_api_that_names_another_commit_than_git_is_refused_with_exit_6_at_approval(string tag)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Run("request-upgrade", tag).ExitCode.ShouldBe(0);
        var requested = Pending(home);

        home.Server.Faults.OverrideTagCommit(tag, fixture.Upstream["v0.9.7"].CommitSha);
        var result = home.Run("approve", tag, "--self", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("integrity_violation");
        result.Json["message"]!.GetValue<string>().ShouldContain("git ls-remote");
        Pending(home).ShouldBe(requested);
    }

    [Fact]
    public void An_api_that_names_another_commit_than_git_is_refused_with_exit_6_at_request()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Server.Faults.OverrideTagCommit("v0.9.8.1", fixture.Upstream["v0.9.8"].CommitSha);

        var result = home.Run("request-upgrade", "v0.9.8.1", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        File.Exists(home.Home.BillyFile("pending_approval.json")).ShouldBeFalse();
    }

    [Fact]
    public void A_tag_only_the_api_has_is_refused_with_exit_6()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Server.Faults.AddFakeTag("v0.9.9", fixture.Upstream["v0.9.8.1"].CommitSha);

        var result = home.Run("request-upgrade", "v0.9.9", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["message"]!.GetValue<string>().ShouldContain("git ls-remote");
        File.Exists(home.Home.BillyFile("pending_approval.json")).ShouldBeFalse();
    }

    [Fact]
    public void An_expired_request_cannot_be_approved_and_no_longer_blocks_another()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);
        var now = DateTimeOffset.UtcNow;
        home.Metadata.PendingApproval.Write(Pending(home) with { RequestedAt = now.AddHours(-73), ExpiresAt = now.AddHours(-1) });

        var approve = home.Run("approve", "v0.9.8", "--json");
        var statement = home.Run("approval-statement", "v0.9.8");
        var listed = home.Run("pending-approvals", "--json");
        var deny = home.Run("deny", "v0.9.8", "--reason", "too late");
        var another = home.RunAs("billy", "request-upgrade", "v0.9.8.1");

        approve.ExitCode.ShouldBe(4, approve.ToString());
        approve.Json["code"]!.GetValue<string>().ShouldBe("approval_expired");
        statement.ExitCode.ShouldBe(4, statement.ToString());
        listed.Json["pending_approvals"]!.AsArray().ShouldBeEmpty();
        deny.ExitCode.ShouldBe(4, deny.ToString());
        another.ExitCode.ShouldBe(0, another.ToString());
        Pending(home).Version.ShouldBe("v0.9.8.1");
    }

    [Fact]
    public void A_short_configured_expiry_is_fixed_at_request_time()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Configure(config => config with { Approval = config.Approval with { ExpiryHours = 1 } });
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);
        var requested = Pending(home);
        (requested.ExpiresAt - requested.RequestedAt).ShouldBe(TimeSpan.FromHours(1));
        home.Configure(config => config with { Approval = config.Approval with { ExpiryHours = 100 } });
        home.Metadata.PendingApproval.Write(requested with { RequestedAt = requested.RequestedAt.AddHours(-2), ExpiresAt = requested.ExpiresAt.AddHours(-2) });

        var result = home.Run("approve", "v0.9.8", "--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("approval_expired");
    }

    [Fact]
    public void Deny_withdraws_an_approved_request_so_it_cannot_be_staged()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);
        home.Run("approve", "v0.9.8").ExitCode.ShouldBe(0);
        var dryRun = home.Run("begin-staging", "v0.9.8", "--dry-run");

        var deny = home.Run("deny", "v0.9.8", "--reason", "changed my mind", "--json");
        var staging = home.Run("begin-staging", "v0.9.8", "--dry-run", "--json");
        var approveAgain = home.Run("approve", "v0.9.8");
        var listed = home.Run("pending-approvals", "--json");

        dryRun.ExitCode.ShouldBe(0, dryRun.ToString());
        deny.ExitCode.ShouldBe(0, deny.ToString());
        var denied = Pending(home);
        (denied.Status, denied.DenyReason, denied.DecidedBy).ShouldBe((ApprovalStatus.Denied, "changed my mind", Human));
        var audited = home.Home.AuditEntries().Last(e => e["event_type"]!.GetValue<string>() == "upgrade_denied");
        audited["details"]!["was"]!.GetValue<string>().ShouldBe("approved");
        audited["details"]!["reason"]!.GetValue<string>().ShouldBe("changed my mind");
        staging.ExitCode.ShouldBe(4, staging.ToString());
        approveAgain.ExitCode.ShouldBe(4, approveAgain.ToString());
        listed.Json["pending_approvals"]!.AsArray().ShouldBeEmpty();
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Only_a_human_denies_and_only_the_open_version()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);

        var agent = home.RunAs("billy", "deny", "v0.9.8", "--reason", "no");
        var other = home.Run("deny", "v0.9.8.1", "--reason", "no");
        var none = home.Run("approve", "v0.9.8.1", "--self");

        (agent.ExitCode, other.ExitCode, none.ExitCode).ShouldBe((3, 4, 4));
        Pending(home).Status.ShouldBe(ApprovalStatus.Pending);
    }

    [Fact]
    public void The_approval_statement_is_the_canonical_text_of_the_open_request()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);
        var approval = Pending(home);
        var release = fixture.Upstream["v0.9.8.1"];

        var text = home.RunAs("billy", "approval-statement", "v0.9.8.1");
        var json = home.Run("approval-statement", "v0.9.8.1", "--json");

        text.ExitCode.ShouldBe(0, text.ToString());
        text.Out.ShouldBe(
            "a0 approval statement v1\n" +
            "version: v0.9.8.1\n" +
            $"commit_sha: {release.CommitSha}\n" +
            $"tag_object_sha: {release.TagObjectSha}\n" +
            "requested_by: billy\n" +
            $"approval_id: {approval.ApprovalId}\n" +
            $"nonce: {approval.Nonce}\n" +
            $"expires_at: {approval.ExpiresAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\n");
        approval.Nonce.ShouldMatch("^[0-9a-f]{32}$");
        json.Json["statement"]!.GetValue<string>().ShouldBe(text.Out);
        home.Run("approval-statement", "v0.9.8").ExitCode.ShouldBe(4);
    }

    [Fact]
    public void A_lightweight_tag_states_no_tag_object()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.RunAs("billy", "request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);

        var text = home.Run("approval-statement", "v0.9.8");

        text.Out.ShouldContain("\ntag_object_sha: none\n");
        text.Out.ShouldContain($"\ncommit_sha: {fixture.Upstream["v0.9.8"].CommitSha}\n");
    }

    private static PendingApproval Pending(UpstreamHome home) => home.Metadata.PendingApproval.Read();
}
