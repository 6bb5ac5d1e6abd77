using A0.Authority;
using A0.State;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class StateMachineTests
{
    private static readonly Actor Human = new("tester", null, AuthorityLevel.Human);

    /// <summary>CONTRACT §2, copied literally: the test reads the contract, not the table it checks.</summary>
    private const string ContractTransitions = """
        IDLE→STAGING [approval_granted]; STAGING→VALIDATING [staging_completed];
        STAGING→FAILED [staging_failed]; VALIDATING→PROMOTING [validation_passed];
        VALIDATING→FAILED [validation_error]; VALIDATING→IDLE [staging_abandoned];
        PROMOTING→COMPLETE [promotion_completed]; PROMOTING→ROLLING_BACK [promotion_failed];
        COMPLETE→IDLE [confirmation_received]; COMPLETE→ROLLING_BACK [operator_reset];
        FAILED→IDLE [human_cleared_failure]; FAILED→STAGING [retry_requested];
        ROLLING_BACK→IDLE [rollback_completed]; ROLLING_BACK→FAILED_HARD [integrity_violation | rollback_failed];
        IDLE→ROLLING_BACK [operator_reset]; FAILED_HARD→IDLE [human_recovery];
        """;

    public static TheoryData<string, string, string> AllowedTransitions() => new(ContractList());

    private static IEnumerable<(string From, string To, string Reason)> ContractList() =>
        System.Text.RegularExpressions.Regex.Matches(ContractTransitions, @"([A-Z_]+)→([A-Z_]+) \[([a-z_| ]+)\]")
            .SelectMany(m => m.Groups[3].Value.Split('|', StringSplitOptions.TrimEntries).Select(reason => (m.Groups[1].Value, m.Groups[2].Value, reason)));

    [Fact]
    public void The_transition_table_is_exactly_the_contracts_list()
    {
        var contract = ContractList().ToList();
        contract.Count.ShouldBe(17);

        TransitionTable.All.Select(t => (t.From.Name(), t.To.Name(), t.Reason)).Order().ShouldBe(contract.Order());
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void Any_state_goes_to_FAILED_HARD_for_a_failed_recovery_by_a0_recovery_only(string from)
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.PutInState(Parse(from));

        Should.Throw<A0Exception>(() => new StateMachine(context).Transition(Human, OperationState.FailedHard, "recovery_failed"))
            .ExitCode.ShouldBe(ExitCode.Precondition);
        var before = home.AuditCount();
        new StateMachine(context).FailHard("the journal could not be settled", null, []);

        var written = context.Metadata.State.Read();
        written.State.ShouldBe(OperationState.FailedHard);
        written.PreviousState!.Value.Name().ShouldBe(from);
        written.Reason.ShouldBe("recovery_failed");
        var added = home.AuditEntriesAfter(before).ShouldHaveSingleItem();
        added["event_type"]!.GetValue<string>().ShouldBe("recovery_failed");
        added["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
    }

    public static TheoryData<string> AllStates() => new(Enum.GetValues<OperationState>().Select(s => s.Name()));

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void Every_allowed_transition_succeeds_and_writes_one_audit_event_named_by_its_reason(string from, string to, string reason)
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.PutInState(Parse(from));
        var before = home.AuditCount();

        var next = new StateMachine(context).Transition(Human, Parse(to), reason, record => HomeFixtures.ShapedFor(record, Parse(to)));

        next.State.Name().ShouldBe(to);
        var written = context.Metadata.State.Read();
        written.State.Name().ShouldBe(to);
        written.PreviousState!.Value.Name().ShouldBe(from);
        written.Reason.ShouldBe(reason);
        var added = home.AuditEntriesAfter(before);
        added.Count.ShouldBe(1);
        added[0]["event_type"]!.GetValue<string>().ShouldBe(reason);
        added[0]["actor"]!.GetValue<string>().ShouldBe("tester");
        added[0]["details"]!["from"]!.GetValue<string>().ShouldBe(from);
        added[0]["details"]!["to"]!.GetValue<string>().ShouldBe(to);
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void Every_forbidden_transition_is_refused_with_exit_4_and_changes_nothing(string from)
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.PutInState(Parse(from));
        var reasons = TransitionTable.All.Select(t => t.Reason).Append("initialization").Append("made_up_reason").Distinct().ToList();
        var stateBytes = File.ReadAllBytes(home.BillyFile("state.json"));
        var auditBytes = File.ReadAllBytes(home.AuditLog);
        var refused = 0;

        foreach (var to in Enum.GetValues<OperationState>())
        {
            foreach (var reason in reasons.Where(r => !TransitionTable.IsAllowed(Parse(from), to, r)))
            {
                var failure = Should.Throw<A0Exception>(() => new StateMachine(context).Transition(Human, to, reason, record => HomeFixtures.ShapedFor(record, to)));

                failure.ExitCode.ShouldBe(ExitCode.Precondition, $"{from} → {to.Name()} ({reason})");
                failure.Message.ShouldContain(from);
                refused++;
            }
        }

        refused.ShouldBeGreaterThan(100);
        File.ReadAllBytes(home.BillyFile("state.json")).ShouldBe(stateBytes);
        File.ReadAllBytes(home.AuditLog).ShouldBe(auditBytes);
    }

    [Theory]
    [InlineData("IDLE", true)]
    [InlineData("COMPLETE", true)]
    [InlineData("FAILED", true)]
    [InlineData("VALIDATING", false)]
    [InlineData("STAGING", false)]
    public void An_active_operation_that_breaks_the_invariant_reads_as_FAILED_HARD_and_mutating_commands_exit_5(string state, bool withOperation)
    {
        using var home = HomeFixtures.Initialised();
        var failure = state == "FAILED" ? ", \"last_failure\": {\"reason\": \"x\", \"message\": \"y\", \"at\": \"2025-01-01T00:00:00Z\"}" : "";
        var operation = withOperation ? "{\"kind\": \"staging\", \"version\": \"v0.9.9\", \"started_at\": \"2025-01-01T00:00:00Z\"}" : "null";
        File.WriteAllText(home.BillyFile("state.json"),
            $$"""{"schema_version": 1, "state": "{{state}}", "reason": "test", "updated_at": "2025-01-01T00:00:00Z", "active_operation": {{operation}}{{failure}}}""");

        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldContain("active_operation");

        var clear = home.Run("clear-failure", "--json");
        clear.ExitCode.ShouldBe(5, clear.ToString());
        clear.Json["code"]!.GetValue<string>().ShouldBe("failed_hard");
        clear.Json["message"]!.GetValue<string>().ShouldContain("recover --i-understand");
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(5);
    }

    [Fact]
    public void A_human_clears_a_failure_back_to_IDLE_and_it_is_audited()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().PutInState(OperationState.Failed);
        var before = home.AuditCount();

        var result = home.Run("clear-failure", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["state"]!.GetValue<string>().ShouldBe("IDLE");
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["previous_state"]!.GetValue<string>().ShouldBe("FAILED");
        status["last_failure"].ShouldBeNull();
        var cleared = home.AuditEntriesAfter(before).ShouldHaveSingleItem();
        cleared["event_type"]!.GetValue<string>().ShouldBe("human_cleared_failure");
        cleared["details"]!["cleared"]!.GetValue<string>().ShouldBe("made by the test");
    }

    [Fact]
    public void Recover_without_i_understand_is_a_usage_error_that_changes_nothing()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().PutInState(OperationState.FailedHard);
        var before = home.MetadataBytes();

        var result = home.Run("recover", "--json");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("usage");
        result.Json["message"]!.GetValue<string>().ShouldContain("--i-understand");
        home.MetadataBytes().ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public void Recover_i_understand_returns_FAILED_HARD_to_IDLE_and_audits_human_recovery()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().PutInState(OperationState.FailedHard);
        var before = home.AuditCount();

        var result = home.Run("recover", "--i-understand", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["previous_state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        var recovery = home.AuditEntriesAfter(before).ShouldHaveSingleItem();
        recovery["event_type"]!.GetValue<string>().ShouldBe("human_recovery");
        recovery["actor"]!.GetValue<string>().ShouldBe(Environment.UserName);
        recovery["version"]!.GetValue<string>().ShouldBe("v0.9.8");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void An_unreadable_state_file_is_recovered_from_the_app_path_and_version_json()
    {
        using var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("state.json"), "{ not json");

        home.Json("status")["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        var result = home.Run("recover", "--i-understand");

        result.ExitCode.ShouldBe(0, result.ToString());
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        home.AuditEventTypes().ShouldContain("human_recovery");
    }

    [Fact]
    public void Recover_outside_FAILED_HARD_is_refused_with_exit_4()
    {
        using var home = HomeFixtures.Initialised();

        var result = home.Run("recover", "--i-understand");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Error.ShouldContain("FAILED_HARD");
    }

    private static OperationState Parse(string name) => Enum.GetValues<OperationState>().Single(s => s.Name() == name);
}
