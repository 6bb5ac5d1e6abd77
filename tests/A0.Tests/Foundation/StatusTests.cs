using A0.Approvals;
using A0.Authority;
using A0.State;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class StatusTests
{
    [Fact]
    public void Status_json_carries_every_field_the_contract_names()
    {
        using var home = HomeFixtures.Initialised();

        var result = home.Run("status", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var status = result.Json;
        status["schema_version"]!.GetValue<int>().ShouldBe(1);
        status["status"]!.GetValue<string>().ShouldBe("success");
        foreach (var field in new[] { "state", "previous_state", "current_version", "known_good_version", "active_operation", "pending_approval", "locks", "actor", "authority_level" })
        {
            status.ContainsKey(field).ShouldBeTrue($"status --json lacks {field}");
        }
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["previous_state"].ShouldBeNull();
        status["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        status["known_good_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        status["active_operation"].ShouldBeNull();
        status["pending_approval"].ShouldBeNull();
        status["locks"]!["operation"].ShouldBeNull();
        status["actor"]!.GetValue<string>().ShouldBe(Environment.UserName);
        status["authority_level"]!.GetValue<string>().ShouldBe("human");
    }

    [Fact]
    public void Status_shows_the_active_operation_previous_state_and_open_approval()
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.PutInState(OperationState.Staging);
        new StateMachine(context).Transition(new Actor("tester", null, AuthorityLevel.Human), OperationState.Validating, "staging_completed");
        context.Metadata.PendingApproval.Write(Approval(context, expiresIn: TimeSpan.FromHours(1)) with { Status = ApprovalStatus.Approved, DecidedBy = "root" });

        var status = home.Json("status");

        status["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        status["previous_state"]!.GetValue<string>().ShouldBe("STAGING");
        status["active_operation"]!["version"]!.GetValue<string>().ShouldBe("v0.9.9");
        status["pending_approval"]!["version"]!.GetValue<string>().ShouldBe("v0.9.9");
        status["pending_approval"]!["status"]!.GetValue<string>().ShouldBe("approved");
        home.Run("status").Out.ShouldContain("approval:       v0.9.9 approved (requested by billy");
    }

    [Fact]
    public void An_expired_approval_is_not_shown_as_pending()
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.Metadata.PendingApproval.Write(Approval(context, expiresIn: TimeSpan.FromHours(-1)) with { RequestedAt = context.Now.AddHours(-73) });

        home.Json("status")["pending_approval"].ShouldBeNull();
    }

    [Fact]
    public void Status_shows_the_last_failure_of_FAILED()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().PutInState(OperationState.Failed);

        var status = home.Json("status");

        status["state"]!.GetValue<string>().ShouldBe("FAILED");
        status["last_failure"]!["reason"]!.GetValue<string>().ShouldBe("test_failure");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldBe("made by the test");
        home.Run("status").Out.ShouldContain("last failure:   test_failure: made by the test");
    }

    [Fact]
    public void A_transient_state_that_no_journal_explains_is_reported_and_then_recorded_as_FAILED_HARD_never_guessed()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().PutInState(OperationState.Staging);

        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("STAGING");
        status["dead_operation"]!.GetValue<string>().ShouldContain("no journal says what it did");
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(5);

        var after = home.Json("status");
        after["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        after["last_failure"]!["reason"]!.GetValue<string>().ShouldBe("recovery_failed");
        var failed = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "recovery_failed");
        failed["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
        home.Run("recover", "--i-understand").ExitCode.ShouldBe(0);
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
    }

    [Fact]
    public void Explain_state_names_the_next_commands_and_who_may_run_them()
    {
        using var home = HomeFixtures.Initialised();

        var human = home.Json("explain-state");
        var agent = home.RunAs("billy", "explain-state", "--json").Json;

        human["state"]!.GetValue<string>().ShouldBe("IDLE");
        var next = human["next"]!.AsArray().ToDictionary(s => s!["command"]!.GetValue<string>(), s => s!["who"]!.GetValue<string>());
        next["a0 request-upgrade <v>"].ShouldBe("observer");
        next["a0 approve <v>"].ShouldBe("human");
        next["a0 begin-staging <v>"].ShouldBe("executor");
        next["a0 rollback"].ShouldBe("human");
        human["next"]!.AsArray().ShouldAllBe(s => s!["allowed_for_you"]!.GetValue<bool>());
        var forAgent = agent["next"]!.AsArray().ToDictionary(s => s!["command"]!.GetValue<string>(), s => s!["allowed_for_you"]!.GetValue<bool>());
        forAgent["a0 request-upgrade <v>"].ShouldBeTrue();
        forAgent["a0 approve <v>"].ShouldBeFalse();
        forAgent["a0 begin-staging <v>"].ShouldBeFalse();
        human["transitions"]!.AsArray().Select(t => $"{t!["to"]} {t["reason"]}").ShouldBe(["STAGING approval_granted", "ROLLING_BACK operator_reset"]);
    }

    [Theory]
    [InlineData("FAILED", "a0 clear-failure", "human")]
    [InlineData("FAILED_HARD", "a0 recover --i-understand", "human")]
    [InlineData("COMPLETE", "a0 confirm", "human")]
    [InlineData("VALIDATING", "a0 validate", "executor")]
    public void Explain_state_tells_the_way_out_of_each_resting_state(string state, string command, string who)
    {
        using var home = HomeFixtures.Initialised();
        home.Context().PutInState(Enum.GetValues<OperationState>().Single(s => s.Name() == state));

        var explained = home.Json("explain-state");
        var text = home.Run("explain-state").Out;

        explained["state"]!.GetValue<string>().ShouldBe(state);
        explained["next"]!.AsArray().ShouldContain(s => s!["command"]!.GetValue<string>() == command && s["who"]!.GetValue<string>() == who);
        text.ShouldStartWith($"{state}: ");
        text.ShouldContain(command);
    }

    private static PendingApproval Approval(A0Context context, TimeSpan expiresIn) =>
        context.OpenRequest() with { RequestedAt = context.Now.AddMinutes(-1), ExpiresAt = context.Now.Add(expiresIn) };
}
