using A0.Authority;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class AuthorityTests
{
    [Theory]
    [InlineData("clear-failure")]
    [InlineData("grant", "billy", "observer")]
    [InlineData("revoke", "billy")]
    [InlineData("recover", "--i-understand")]
    public void An_observer_agent_is_refused_human_commands_with_exit_3_and_the_refusal_is_audited(params string[] args)
    {
        using var home = HomeFixtures.Initialised();
        var before = home.MetadataBytes("upgrade_history.log", "audit_head.json");
        var audited = home.AuditCount();

        var result = home.RunAs("billy", [.. args, "--json"]);

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Json["status"]!.GetValue<string>().ShouldBe("error");
        result.Json["code"]!.GetValue<string>().ShouldBe("authority_denied");
        result.Json["authority_required"]!.GetValue<string>().ShouldBe("human");
        result.Json["message"]!.GetValue<string>().ShouldContain("agent 'billy' has only observer authority");
        var denial = home.AuditEntriesAfter(audited).ShouldHaveSingleItem();
        denial["event_type"]!.GetValue<string>().ShouldBe("authority_denied");
        denial["actor"]!.GetValue<string>().ShouldBe("billy");
        denial["agent_id"]!.GetValue<string>().ShouldBe("billy");
        denial["details"]!["authority_required"]!.GetValue<string>().ShouldBe("human");
        home.MetadataBytes("upgrade_history.log", "audit_head.json").ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public void An_agent_cannot_raise_itself()
    {
        using var home = HomeFixtures.Initialised();
        var policy = File.ReadAllBytes(home.BillyFile("authority.json"));

        var result = home.RunAs("billy", "grant", "billy", "executor");

        result.ExitCode.ShouldBe(3, result.ToString());
        File.ReadAllBytes(home.BillyFile("authority.json")).ShouldBe(policy);
        home.Json("authority")["agents"]![0]!["level"]!.GetValue<string>().ShouldBe("observer");
    }

    [Fact]
    public void An_observer_agent_may_read()
    {
        using var home = HomeFixtures.Initialised();

        var status = home.RunAs("billy", "status", "--json");

        status.ExitCode.ShouldBe(0, status.ToString());
        status.Json["actor"]!.GetValue<string>().ShouldBe("billy");
        status.Json["authority_level"]!.GetValue<string>().ShouldBe("observer");
        home.RunAs("billy", "audit", "verify").ExitCode.ShouldBe(0);
        home.RunAs("billy", "explain-state").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("bad actor!")]
    public void An_unknown_actor_has_no_authority_even_for_status(string actor)
    {
        using var home = HomeFixtures.Initialised();
        var audited = home.AuditCount();

        var result = home.RunAs(actor, "status", "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Json["authority_required"]!.GetValue<string>().ShouldBe("observer");
        result.Json["message"]!.GetValue<string>().ShouldContain("no authority");
        home.AuditEntriesAfter(audited).ShouldHaveSingleItem()["event_type"]!.GetValue<string>().ShouldBe("authority_denied");
    }

    [Fact]
    public void An_actor_variable_naming_the_human_gets_no_human_authority()
    {
        using var home = HomeFixtures.Initialised();

        home.RunAs(Environment.UserName, "clear-failure").ExitCode.ShouldBe(3);
        home.RunAs(Environment.UserName, "status").ExitCode.ShouldBe(3);
        home.Run("status").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Granting_executor_without_a_completed_upgrade_and_rollback_exits_4_naming_what_is_missing()
    {
        using var home = HomeFixtures.Initialised();
        var policy = File.ReadAllBytes(home.BillyFile("authority.json"));

        var result = home.Run("grant", "billy", "executor", "--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("grant_conditions_unmet");
        result.Json["message"]!.GetValue<string>().ShouldContain("no completed upgrade on record");
        result.Json["message"]!.GetValue<string>().ShouldContain("no completed rollback on record");
        File.ReadAllBytes(home.BillyFile("authority.json")).ShouldBe(policy);
    }

    [Fact]
    public void Granting_executor_with_a_broken_audit_chain_exits_4_naming_it()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().RecordUpgradeAndRollback();
        var lines = File.ReadAllLines(home.AuditLog);
        File.WriteAllLines(home.AuditLog, lines.Where((_, i) => i != 1));

        var result = home.Run("grant", "billy", "executor");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Error.ShouldContain("the audit chain is broken (line 2");
    }

    [Fact]
    public void A_human_grants_executor_once_the_record_shows_an_upgrade_and_a_rollback()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().RecordUpgradeAndRollback();
        home.Json("authority")["executor_grant_blockers"]!.AsArray().ShouldBeEmpty();

        var result = home.Run("grant", "billy", "executor", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        home.RunAs("billy", "status", "--json").Json["authority_level"]!.GetValue<string>().ShouldBe("executor");
        var granted = home.AuditEntries()[^1];
        granted["event_type"]!.GetValue<string>().ShouldBe("authority_granted");
        granted["details"]!["agent"]!.GetValue<string>().ShouldBe("billy");
        granted["details"]!["level"]!.GetValue<string>().ShouldBe("executor");
        home.RunAs("billy", "grant", "billy", "executor").ExitCode.ShouldBe(3);
    }

    [Fact]
    public void Revoke_takes_executor_back_to_observer_and_an_observer_out_of_the_policy()
    {
        using var home = HomeFixtures.Initialised();
        MakeExecutor(home, "billy");

        home.Json("revoke", "billy")["level"]!.GetValue<string>().ShouldBe("observer");
        home.RunAs("billy", "status", "--json").Json["authority_level"]!.GetValue<string>().ShouldBe("observer");
        home.Json("revoke", "billy")["level"]!.GetValue<string>().ShouldBe("none");
        home.RunAs("billy", "status").ExitCode.ShouldBe(3);

        var revocations = home.AuditEntries().Where(e => e["event_type"]!.GetValue<string>() == "authority_revoked").ToList();
        revocations.Select(e => (e["details"]!["from"]!.GetValue<string>(), e["details"]!["to"]!.GetValue<string>()))
            .ShouldBe([("executor", "observer"), ("observer", "none")]);
        home.Run("revoke", "billy").ExitCode.ShouldBe(4);
    }

    [Fact]
    public void Revoke_all_removes_an_executor_entirely()
    {
        using var home = HomeFixtures.Initialised();
        MakeExecutor(home, "billy");

        home.Run("revoke", "billy", "--all").ExitCode.ShouldBe(0);

        home.Json("authority")["agents"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public void Automatic_revocation_turns_executors_into_observers_and_is_audited()
    {
        using var home = HomeFixtures.Initialised();
        MakeExecutor(home, "billy", "robot");
        var audited = home.AuditCount();

        new AuthorityService(home.Context()).RevokeExecutors("artifact_tampered", "a file of v0.9.9 changed");

        home.Json("authority")["agents"]!.AsArray().Select(a => a!["level"]!.GetValue<string>()).ShouldBe(["observer", "observer"]);
        var revocation = home.AuditEntriesAfter(audited).ShouldHaveSingleItem();
        revocation["event_type"]!.GetValue<string>().ShouldBe("authority_revoked");
        revocation["actor"]!.GetValue<string>().ShouldBe("a0:integrity");
        revocation["details"]!["automatic"]!.GetValue<bool>().ShouldBeTrue();
        revocation["details"]!["reason"]!.GetValue<string>().ShouldBe("artifact_tampered");
        revocation["details"]!["agents"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["billy", "robot"]);
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("audit tampered")]
    [InlineData("state unreadable")]
    [InlineData("app path changed")]
    public void An_integrity_problem_found_by_a_read_only_command_revokes_executors(string problem)
    {
        using var home = HomeFixtures.Initialised();
        MakeExecutor(home, "billy");
        switch (problem)
        {
            case "audit tampered":
                File.AppendAllText(home.AuditLog, "{\"seq\": 99}\n");
                home.Run("audit", "verify").ExitCode.ShouldBe(6);
                break;
            case "state unreadable":
                File.WriteAllText(home.BillyFile("state.json"), "garbage");
                home.Run("status").ExitCode.ShouldBe(0);
                break;
            case "app path changed":
                File.Delete(home.AppPath);
                Directory.CreateSymbolicLink(home.AppPath, "data");
                home.Run("status").Error.ShouldContain("changed outside a0");
                break;
        }

        home.Json("authority")["agents"]![0]!["level"]!.GetValue<string>().ShouldBe("observer");
        home.AuditEntries().Where(e => e.ContainsKey("event_type")).ShouldContain(e => e["event_type"]!.GetValue<string>() == "authority_revoked" && e["details"]!["automatic"]!.GetValue<bool>());
    }

    [Fact]
    public void The_authority_command_revokes_executors_when_it_finds_a_broken_chain()
    {
        using var home = HomeFixtures.Initialised();
        MakeExecutor(home, "billy");
        File.AppendAllText(home.AuditLog, "{\"seq\": 99}\n");

        var result = home.Run("authority", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["executor_grant_blockers"]!.AsArray().ShouldContain(b => b!.GetValue<string>().StartsWith("the audit chain is broken", StringComparison.Ordinal));
        result.Json["agents"]![0]!["level"]!.GetValue<string>().ShouldBe("observer");
        home.Context().Metadata.Authority.Read().Agent("billy")!.Level.ShouldBe(AgentLevel.Observer);
        home.AuditEntries().ShouldContain(e => e["event_type"] != null && e["event_type"]!.GetValue<string>() == "authority_revoked" && e["details"]!["reason"]!.GetValue<string>() == "audit_tampered");
    }

    [Fact]
    public void An_empty_A0_ACTOR_names_nobody_not_the_OS_user()
    {
        using var home = HomeFixtures.Initialised();
        var empty = new Dictionary<string, string?> { ["A0_ACTOR"] = "" };

        var status = home.Run(["status", "--json"], empty);
        var clear = home.RunProcess(["clear-failure", "--json"], empty);

        status.ExitCode.ShouldBe(3, status.ToString());
        status.Json["message"]!.GetValue<string>().ShouldContain("(empty A0_ACTOR)");
        clear.ExitCode.ShouldBe(3, clear.ToString());
        clear.Json["code"]!.GetValue<string>().ShouldBe("authority_denied");
        using var fresh = new TestHome().WithCheckout();
        fresh.Run(["init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git"], empty).ExitCode.ShouldBe(3);
    }

    [Fact]
    public void The_agent_user_is_always_its_agent_whatever_A0_ACTOR_says()
    {
        using var home = new TestHome().WithCheckout();
        home.Init("--agent-user", "nobody", "--agent", "robot").ExitCode.ShouldBe(0);
        var policy = home.Context().Metadata.Authority.Read();

        policy.AgentUser.ShouldBe("nobody");
        policy.AgentUserAgent.ShouldBe("robot");
        IdentityResolver.Resolve(policy, "nobody", null).ShouldBe(new Actor("robot", "robot", AuthorityLevel.Observer));
        IdentityResolver.Resolve(policy, "nobody", Environment.UserName).ShouldBe(new Actor("robot", "robot", AuthorityLevel.Observer));
        IdentityResolver.Resolve(policy, Environment.UserName, null).ShouldBe(new Actor(Environment.UserName, null, AuthorityLevel.Human));
        IdentityResolver.Resolve(policy, Environment.UserName, "robot").ShouldBe(new Actor("robot", "robot", AuthorityLevel.Observer));
        IdentityResolver.Resolve(policy, "someone-else", null).Level.ShouldBe(AuthorityLevel.None);
        home.Json("doctor")["findings"]!.AsArray().ShouldNotContain(f => f!["check"]!.GetValue<string>() == "authority");
    }

    [Theory]
    [InlineData("--agent-user", "")]
    [InlineData("--agent", "bad agent")]
    public void An_invalid_agent_at_init_is_a_usage_error_that_writes_nothing(string option, string value)
    {
        using var home = new TestHome().WithCheckout();
        var head = home.Git("rev-parse", "HEAD");

        var result = home.Init(option, value == "" ? Environment.UserName : value);

        result.ExitCode.ShouldBe(2, result.ToString());
        Directory.Exists(home.Billy).ShouldBeFalse();
        Directory.Exists(Path.Combine(home.AppPath, ".git")).ShouldBeTrue();
        home.Git("rev-parse", "HEAD").ShouldBe(head);
    }

    [Theory]
    [InlineData("billy", "grant", "bad id!", "observer")]
    [InlineData(null, "grant", "bad id!", "observer")]
    [InlineData("billy", "revoke", "bad id!")]
    [InlineData(null, "revoke", "bad id!")]
    public void A_malformed_agent_id_is_a_usage_error_before_authority_is_checked(string? actor, params string[] args)
    {
        using var home = HomeFixtures.Initialised();
        var before = home.MetadataBytes();

        var result = home.Run(args, new Dictionary<string, string?> { ["A0_ACTOR"] = actor });

        result.ExitCode.ShouldBe(2, result.ToString());
        home.MetadataBytes().ShouldBeUnchangedFrom(before);
    }

    private static void MakeExecutor(TestHome home, params string[] agents)
    {
        var store = home.Context().Metadata.Authority;
        var policy = store.Read();
        foreach (var agent in agents) policy = policy.WithAgent(agent, AgentLevel.Executor);
        store.Write(policy);
    }
}
