using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class AuditTests
{
    [Fact]
    public void An_intact_chain_verifies_with_exit_0()
    {
        using var home = WithHistory();

        var result = home.Run("audit", "verify", "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["intact"]!.GetValue<bool>().ShouldBeTrue();
        result.Json["entries"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public void Anyone_can_recompute_the_chain_from_the_recipe()
    {
        using var home = WithHistory();
        var script = """
            import hashlib, json, sys
            prev = "0" * 64
            for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
                entry = json.loads(line)
                assert entry["seq"] == n and entry["prev_hash"] == prev, n
                stored = entry.pop("hash")
                body = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                prev = hashlib.sha256((prev + body).encode("utf-8")).hexdigest()
                assert prev == stored, n
            head = json.load(open(sys.argv[2]))
            assert head["seq"] == n and head["hash"] == prev
            print("ok", n)
            """;

        HomeFixtures.Exec(home.Root, "python3", "-c", script, home.AuditLog, home.BillyFile("audit_head.json")).Trim().ShouldBe("ok 7");
        home.AuditEntries()[0].Select(p => p.Key).ShouldBe(["seq", "timestamp", "event_type", "actor", "agent_id", "version", "details", "prev_hash", "hash"], ignoreOrder: true);
    }

    public static TheoryData<string, int> Tampering() => new()
    {
        { "edit a field", 3 },
        { "edit a field and rehash that line", 4 },
        { "delete a middle line", 4 },
        { "insert a line", 4 },
        { "swap two lines", 3 },
        { "truncate the last line", 7 },
        { "truncate the last two lines", 6 },
        { "cut the last line in half", 7 },
        { "make a field the wrong type", 3 },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void Tampering_makes_verify_exit_6_naming_the_first_bad_line(string tampering, int badLine)
    {
        using var home = WithHistory();
        var original = File.ReadAllLines(home.AuditLog);
        var lines = original.ToList();
        switch (tampering)
        {
            case "edit a field":
                lines[2] = lines[2].Replace($"\"actor\":\"{Environment.UserName}\"", "\"actor\":\"mallory\"", StringComparison.Ordinal);
                break;
            case "edit a field and rehash that line":
                lines[2] = Rehashed(lines[2], entry => entry["actor"] = "mallory");
                break;
            case "delete a middle line":
                lines.RemoveAt(3);
                break;
            case "insert a line":
                lines.Insert(3, lines[1]);
                break;
            case "swap two lines":
                (lines[2], lines[3]) = (lines[3], lines[2]);
                break;
            case "truncate the last line":
                lines.RemoveAt(6);
                break;
            case "truncate the last two lines":
                lines.RemoveRange(5, 2);
                break;
            case "cut the last line in half":
                lines[6] = lines[6][..(lines[6].Length / 2)];
                break;
            case "make a field the wrong type":
                lines[2] = System.Text.RegularExpressions.Regex.Replace(lines[2], "\"prev_hash\":\"[0-9a-f]{64}\"", "\"prev_hash\":42");
                break;
        }
        File.WriteAllText(home.AuditLog, string.Join('\n', lines) + "\n");
        File.ReadAllLines(home.AuditLog).ShouldNotBe(original);

        var result = home.Run("audit", "verify", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("integrity_violation");
        result.Json["bad_line"]!.ToString().ShouldBe(badLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        result.Json["message"]!.GetValue<string>().ShouldStartWith($"audit chain broken at line {badLine}: ");
        home.Run("audit", "verify").Error.ShouldContain($"line {badLine}");
    }

    [Fact]
    public void Audit_tail_shows_the_last_N_entries()
    {
        using var home = WithHistory();

        home.Json("audit", "--tail", "2")["entries"]!.AsArray().Select(e => e!["seq"]!.GetValue<int>()).ShouldBe([6, 7]);
        home.Json("audit", "--tail", "0")["entries"]!.AsArray().ShouldBeEmpty();
        home.Json("audit", "--tail", "50")["entries"]!.AsArray().Count.ShouldBe(7);
        home.Json("audit")["entries"]!.AsArray().Count.ShouldBe(7);
        var text = home.Run("audit", "--tail", "1");
        text.Out.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("authority_granted");
    }

    [Theory]
    [InlineData(3, "billy", new[] { "clear-failure" })]
    [InlineData(3, "billy", new[] { "grant", "billy", "executor" })]
    [InlineData(3, "nobody", new[] { "status" })]
    [InlineData(4, null, new[] { "clear-failure" })]
    [InlineData(4, null, new[] { "recover", "--i-understand" })]
    [InlineData(4, null, new[] { "revoke", "stranger" })]
    public void A_refusal_writes_exactly_one_audit_line(int exit, string? actor, string[] args)
    {
        using var home = HomeFixtures.Initialised();
        var before = home.AuditCount();

        var result = home.Run(args, new Dictionary<string, string?> { ["A0_ACTOR"] = actor });

        result.ExitCode.ShouldBe(exit, result.ToString());
        var line = home.AuditEntriesAfter(before).ShouldHaveSingleItem();
        line["event_type"]!.GetValue<string>().ShouldBe(exit == 3 ? "authority_denied" : "command_refused");
        line["details"]!["exit_code"]!.GetValue<int>().ShouldBe(exit);
        line["details"]!["command"]!.GetValue<string>().ShouldBe(args[0]);
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_FAILED_HARD_refusal_with_exit_5_writes_exactly_one_audit_line()
    {
        using var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("state.json"), "{}");
        var before = home.AuditCount();

        var result = home.Run("clear-failure");

        result.ExitCode.ShouldBe(5, result.ToString());
        home.AuditEntriesAfter(before).ShouldHaveSingleItem()["details"]!["code"]!.GetValue<string>().ShouldBe("failed_hard");
    }

    [Theory]
    [InlineData("recover")]
    [InlineData("grant", "billy", "superuser")]
    [InlineData("frobnicate")]
    [InlineData("audit", "--tail", "many")]
    [InlineData("status", "--no-such-option")]
    public void A_usage_error_exits_2_and_writes_nothing(params string[] args)
    {
        using var home = HomeFixtures.Initialised();
        var before = home.MetadataBytes();

        var result = home.Run(args);
        var asAgent = home.RunAs("billy", args);

        result.ExitCode.ShouldBe(2, result.ToString());
        asAgent.ExitCode.ShouldBe(2, asAgent.ToString());
        home.MetadataBytes().ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public void Identical_refusals_from_concurrent_real_processes_are_all_counted_in_one_intact_chain()
    {
        using var home = HomeFixtures.Initialised();
        var before = home.AuditCount();
        var environment = new Dictionary<string, string?> { ["A0_ACTOR"] = "mallory" };

        var processes = Enumerable.Range(0, 6).Select(_ => home.Start(["status"], environment)).ToList();
        foreach (var process in processes)
        {
            process.WaitForExit();
            process.ExitCode.ShouldBe(3);
            process.Dispose();
        }

        home.AuditEntriesAfter(before).ShouldHaveSingleItem()["event_type"]!.GetValue<string>().ShouldBe("authority_denied");
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        var after = home.AuditEntriesAfter(before);
        after.Select(e => e["event_type"]!.GetValue<string>()).ShouldBe(["authority_denied", "refusals_coalesced", "authority_granted"]);
        after[1]["details"]!["count"]!.GetValue<int>().ShouldBe(5);
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    /// <summary>Seven entries: init (3), a grant, a refusal for state, a refusal of authority, another grant.</summary>
    private static TestHome WithHistory()
    {
        var home = HomeFixtures.Initialised();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        home.Run("clear-failure").ExitCode.ShouldBe(4);
        home.RunAs("billy", "clear-failure").ExitCode.ShouldBe(3);
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        home.AuditCount().ShouldBe(7);
        return home;
    }

    /// <summary>An edited line whose own hash is made right again: only the next line's prev_hash gives it away.</summary>
    private static string Rehashed(string line, Action<JsonObject> edit)
    {
        var entry = JsonNode.Parse(line)!.AsObject();
        edit(entry);
        entry.Remove("hash");
        var previous = entry["prev_hash"]!.GetValue<string>();
        entry["hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + CanonicalJson.Serialize(entry))));
        return CanonicalJson.Serialize(entry);
    }
}
