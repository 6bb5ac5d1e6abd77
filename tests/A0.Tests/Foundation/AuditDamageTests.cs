using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

/// <summary>CONTRACT §8: damage at the end of the log is recorded on a fresh line, never built upon, and waits for a human.</summary>
public sealed class AuditDamageTests
{
    [Fact]
    public void After_a_torn_tail_the_next_append_starts_a_fresh_line_and_records_the_damage_chained_from_the_last_intact_line()
    {
        using var home = HomeFixtures.Initialised();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        var intact = File.ReadAllLines(home.AuditLog);
        var torn = intact[^1][..(intact[^1].Length / 2)];
        File.WriteAllText(home.AuditLog, string.Join('\n', intact[..^1]) + "\n" + torn);

        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);

        var lines = File.ReadAllLines(home.AuditLog);
        lines.Length.ShouldBe(intact.Length + 2);
        lines[intact.Length - 1].ShouldBe(torn, "the torn line stays as it was, on a line of its own");
        var lastIntact = JsonNode.Parse(intact[^2])!.AsObject();
        var damaged = JsonNode.Parse(lines[^2])!.AsObject();
        damaged["event_type"]!.GetValue<string>().ShouldBe("audit_damaged");
        damaged["actor"]!.GetValue<string>().ShouldBe("a0:integrity");
        damaged["prev_hash"]!.GetValue<string>().ShouldBe(lastIntact["hash"]!.GetValue<string>());
        damaged["seq"]!.GetValue<long>().ShouldBe(lastIntact["seq"]!.GetValue<long>() + 1);
        damaged["details"]!["torn_bytes"]!.GetValue<int>().ShouldBe(System.Text.Encoding.UTF8.GetByteCount(torn));
        damaged["details"]!["head_seq"]!.GetValue<long>().ShouldBe(lastIntact["seq"]!.GetValue<long>() + 1);
        var own = JsonNode.Parse(lines[^1])!.AsObject();
        own["event_type"]!.GetValue<string>().ShouldBe("authority_granted");
        own["prev_hash"]!.GetValue<string>().ShouldBe(damaged["hash"]!.GetValue<string>());

        var verify = home.Run("audit", "verify", "--json");
        verify.ExitCode.ShouldBe(6, verify.ToString());
        verify.Json["bad_line"]!.GetValueKind().ShouldBe(JsonValueKind.Number);
        verify.Json["bad_line"]!.GetValue<int>().ShouldBe(intact.Length);
        verify.Json["message"]!.GetValue<string>().ShouldContain("recover --i-understand");
    }

    [Fact]
    public void A_last_line_longer_than_one_read_of_the_tail_is_read_whole_whether_intact_or_torn()
    {
        using var home = HomeFixtures.Initialised();
        home.Context().Audit.Append(new Actor("tester", null, AuthorityLevel.Human), new AuditEvent("long_event", null, new JsonObject { ["text"] = new string('x', 20_000) }));

        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0, "an intact long last line is where the next append continues");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);

        var intact = File.ReadAllLines(home.AuditLog);
        var longLine = intact[^2];
        File.WriteAllText(home.AuditLog, string.Join('\n', intact[..^2]) + "\n" + longLine[..15_000]);
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        var damaged = JsonNode.Parse(File.ReadAllLines(home.AuditLog)[^2])!.AsObject();
        damaged["event_type"]!.GetValue<string>().ShouldBe("audit_damaged");
        damaged["details"]!["torn_bytes"]!.GetValue<int>().ShouldBe(15_000);
    }

    [Fact]
    public void Without_its_head_the_log_continues_from_its_last_line_never_from_genesis()
    {
        using var home = HomeFixtures.Initialised();
        var before = home.AuditEntries();
        File.Delete(home.BillyFile("audit_head.json"));

        home.Run("clear-failure").ExitCode.ShouldBe(4);

        var added = home.AuditEntriesAfter(before.Count);
        added.Select(e => e["event_type"]!.GetValue<string>()).ShouldBe(["audit_damaged", "command_refused"]);
        added[0]["seq"]!.GetValue<long>().ShouldBe(before.Count + 1);
        added[0]["prev_hash"]!.GetValue<string>().ShouldBe(before[^1]["hash"]!.GetValue<string>());
        added[0]["details"]!["found"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldContain("audit_head.json is missing");
        added[1]["seq"]!.GetValue<long>().ShouldBe(before.Count + 2);
        home.Context().Metadata.AuditHead.Read().Seq.ShouldBe(before.Count + 2);
        home.Run("audit", "verify").ExitCode.ShouldBe(6);
    }

    [Fact]
    public void A_log_cut_short_of_its_head_is_recorded_as_damage_naming_the_head()
    {
        using var home = HomeFixtures.Initialised();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        var lines = File.ReadAllLines(home.AuditLog);
        File.WriteAllLines(home.AuditLog, lines[..^1]);

        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);

        var damaged = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "audit_damaged");
        damaged["seq"]!.GetValue<int>().ShouldBe(lines.Length);
        damaged["details"]!["head_seq"]!.GetValue<int>().ShouldBe(lines.Length);
        damaged["details"]!["found"]![0]!.GetValue<string>().ShouldStartWith($"audit_head.json records seq {lines.Length}");
    }

    [Fact]
    public void Recover_acknowledges_the_damage_after_which_verify_exits_0_and_still_lists_it()
    {
        using var home = HomeFixtures.Initialised();
        var lines = File.ReadAllLines(home.AuditLog);
        File.WriteAllText(home.AuditLog, string.Join('\n', lines) + "\n{\"seq\": 4, \"event_ty");
        home.Run("audit", "verify").ExitCode.ShouldBe(6);

        var recover = home.Run("recover", "--i-understand", "--json");

        recover.ExitCode.ShouldBe(0, recover.ToString());
        recover.Json["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.AuditEventTypes().TakeLast(3).ShouldBe(["audit_damaged", "command_refused", "audit_damage_acknowledged"], "the refused verify recorded the damage");
        var verify = home.Run("audit", "verify", "--json");
        verify.ExitCode.ShouldBe(0, verify.ToString());
        var damage = verify.Json["damage"]!.AsArray().ShouldHaveSingleItem()!;
        damage["line"]!.GetValue<int>().ShouldBe(lines.Length + 1);
        damage["acknowledged"]!.GetValue<bool>().ShouldBeTrue();
        home.Run("audit", "verify").Out.ShouldContain($"acknowledged damage at line {lines.Length + 1}");
        home.Run("audit").ExitCode.ShouldBe(0);
        home.Run("recover", "--i-understand").ExitCode.ShouldBe(4, "once acknowledged there is nothing left to recover in IDLE");
    }

    [Fact]
    public void An_edit_inside_the_log_is_not_damage_a_human_can_acknowledge()
    {
        using var home = HomeFixtures.Initialised();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        var lines = File.ReadAllLines(home.AuditLog);
        lines[1] = lines[1].Replace("release_adopted", "release_stolen", StringComparison.Ordinal);
        File.WriteAllLines(home.AuditLog, lines);

        home.Run("recover", "--i-understand").ExitCode.ShouldBe(4);

        var verify = home.Run("audit", "verify", "--json");
        verify.ExitCode.ShouldBe(6);
        verify.Json["bad_line"]!.GetValue<int>().ShouldBe(2);
        home.AuditEventTypes().ShouldNotContain("audit_damage_acknowledged");
    }

    [Theory]
    [InlineData("torn last line")]
    [InlineData("garbage in the middle")]
    [InlineData("empty line")]
    public void Audit_shows_a_bad_line_as_such_and_exits_6_naming_it_even_outside_the_tail(string damage)
    {
        using var home = HomeFixtures.Initialised();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        var lines = File.ReadAllLines(home.AuditLog).ToList();
        var badLine = damage == "torn last line" ? lines.Count : 2;
        switch (damage)
        {
            case "torn last line":
                File.WriteAllText(home.AuditLog, string.Join('\n', lines[..^1]) + "\n" + lines[^1][..20]);
                break;
            case "garbage in the middle":
                lines[1] = "\u001b[31mnot json {";
                File.WriteAllLines(home.AuditLog, lines);
                break;
            case "empty line":
                lines.Insert(1, "");
                File.WriteAllLines(home.AuditLog, lines);
                break;
        }

        var json = home.Run("audit", "--tail", "1", "--json");
        var text = home.Run("audit");

        json.ExitCode.ShouldBe(6, json.ToString());
        json.Json["status"]!.GetValue<string>().ShouldBe("error");
        json.Json["code"]!.GetValue<string>().ShouldBe("integrity_violation");
        json.Json["bad_line"]!.GetValue<int>().ShouldBe(badLine);
        json.Json["entries"]!.AsArray().Count.ShouldBe(1);
        text.ExitCode.ShouldBe(6, text.ToString());
        text.Out.ShouldContain($"line {badLine}: bad line (");
        text.Error.ShouldContain($"line {badLine}");
        (text.Out + text.Error).ShouldNotContain("Exception");
        text.Out.ShouldNotContain("\u001b");
    }

    [Fact]
    public void A_log_exactly_one_entry_past_its_head_is_a_crash_between_the_two_writes_not_damage()
    {
        using var home = HomeFixtures.Initialised();
        var head = File.ReadAllBytes(home.BillyFile("audit_head.json"));
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        File.WriteAllBytes(home.BillyFile("audit_head.json"), head);

        home.Run("audit", "verify").ExitCode.ShouldBe(0);
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);

        home.AuditEventTypes().ShouldNotContain("audit_damaged");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Identical_refusals_within_a_minute_are_counted_outside_the_log_and_appended_as_one_chained_event()
    {
        using var home = HomeFixtures.Initialised();
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var log = new AuditLog(new A0.Home.HomeLayout(home.Root), clock);
        var mallory = new A0.Authority.Actor("mallory", "mallory", A0.Authority.AuthorityLevel.None);
        var refusal = new AuditEvent("authority_denied", null, new JsonObject { ["command"] = "status", ["code"] = "authority_denied" });
        var before = home.AuditCount();

        log.AppendRefusal(mallory, refusal).ShouldNotBeNull();
        clock.Advance(TimeSpan.FromSeconds(20));
        log.AppendRefusal(mallory, refusal).ShouldBeNull();
        clock.Advance(TimeSpan.FromSeconds(20));
        log.AppendRefusal(mallory, refusal).ShouldBeNull();
        home.AuditCount().ShouldBe(before + 1);
        File.Exists(home.BillyFile("audit_refusals.json")).ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(21));
        log.AppendRefusal(mallory, refusal).ShouldNotBeNull("a minute after the logged one, the refusal is logged again");

        var added = home.AuditEntriesAfter(before);
        added.Select(e => e["event_type"]!.GetValue<string>()).ShouldBe(["authority_denied", "refusals_coalesced", "authority_denied"]);
        added[1]["actor"]!.GetValue<string>().ShouldBe("mallory");
        added[1]["details"]!["count"]!.GetValue<int>().ShouldBe(2);
        added[1]["details"]!["first_at"]!.GetValue<string>().ShouldBe("2025-06-01T12:00:20Z");
        added[1]["details"]!["last_at"]!.GetValue<string>().ShouldBe("2025-06-01T12:00:40Z");
        File.Exists(home.BillyFile("audit_refusals.json")).ShouldBeFalse();
        log.Verify().IsIntact.ShouldBeTrue();
    }

    [Fact]
    public void A_different_refusal_or_any_other_event_writes_the_pending_count_first()
    {
        using var home = HomeFixtures.Initialised();
        var before = home.AuditCount();

        for (var i = 0; i < 4; i++) home.RunAs("mallory", "status").ExitCode.ShouldBe(3);
        home.AuditCount().ShouldBe(before + 1);
        home.RunAs("billy", "clear-failure").ExitCode.ShouldBe(3);

        var added = home.AuditEntriesAfter(before);
        added.Select(e => e["event_type"]!.GetValue<string>()).ShouldBe(["authority_denied", "refusals_coalesced", "authority_denied"]);
        added[1]["details"]!["count"]!.GetValue<int>().ShouldBe(3);
        added[2]["actor"]!.GetValue<string>().ShouldBe("billy");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }
}
