using System.Diagnostics;
using System.Text.Json.Nodes;
using A0.Processes;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class JournalTests
{
    [Fact]
    public void A_journal_naming_an_unknown_operation_leaves_FAILED_HARD_and_recover_still_gets_in()
    {
        using var home = HomeFixtures.Initialised();
        WriteJournal(home, "teleport", []);

        var refused = home.Run("grant", "billy", "observer");

        refused.ExitCode.ShouldBe(5, refused.ToString());
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        status["last_failure"]!["reason"]!.GetValue<string>().ShouldBe("recovery_failed");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldContain("teleport");
        status["dead_operation"]!.GetValue<string>().ShouldContain("recover --i-understand");
        var failed = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "recovery_failed");
        failed["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
        failed["details"]!["from"]!.GetValue<string>().ShouldBe("IDLE");

        var recovered = home.Run("recover", "--i-understand");

        recovered.ExitCode.ShouldBe(0, recovered.ToString());
        File.Exists(home.BillyFile("journal.json")).ShouldBeFalse();
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Recovery_kills_a_journaled_process_group_but_never_a_group_whose_id_was_reused()
    {
        using var home = HomeFixtures.Initialised();
        using var ours = StartGroup();
        using var reused = StartGroup();
        var ourGroup = JournaledProcess.Of(ours.Id).ShouldNotBeNull();
        // The same pid with another start time: a process that took over a dead child's id.
        var stranger = new JournaledProcess(reused.Id, JournaledProcess.Of(reused.Id)!.StartTime + 1);
        WriteJournal(home, "init", [ourGroup, stranger]);

        home.Run("grant", "billy", "observer");

        ours.WaitForExit(TimeSpan.FromSeconds(30)).ShouldBeTrue("the journaled group is killed");
        reused.HasExited.ShouldBeFalse("a group whose leader has another start time is not ours");
        reused.Kill(entireProcessTree: true);
    }

    [Fact]
    public void A_corrupt_journal_reads_as_FAILED_HARD_and_recover_is_the_way_out()
    {
        using var home = HomeFixtures.Initialised();
        File.WriteAllText(home.BillyFile("journal.json"), "{\"schema_version\": 1, \"operation\": ");

        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldContain("journal.json");
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(5);

        var recovered = home.Run("recover", "--i-understand");

        recovered.ExitCode.ShouldBe(0, recovered.ToString());
        File.Exists(home.BillyFile("journal.json")).ShouldBeFalse();
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.AuditEventTypes().ShouldContain("human_recovery");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_fifo_in_place_of_a_metadata_file_is_refused_without_blocking_a_read_only_command()
    {
        using var home = HomeFixtures.Initialised();
        HomeFixtures.Exec(home.Root, "mkfifo", home.BillyFile("journal.json"));

        var status = home.Json("status");

        status["state"]!.GetValue<string>().ShouldBe("FAILED_HARD");
        status["last_failure"]!["message"]!.GetValue<string>().ShouldContain("not a regular file");
    }

    [Fact]
    public void A_file_from_a_newer_a0_is_refused_with_nothing_written_and_a_negative_tail_is_a_usage_error()
    {
        using var home = HomeFixtures.Initialised();
        var log = File.ReadAllBytes(home.AuditLog);
        File.WriteAllText(home.BillyFile("known_good.json"), "{\"schema_version\": 99}");

        var status = home.Run("status", "--json");

        status.ExitCode.ShouldBe(4, status.ToString());
        status.Json["code"]!.GetValue<string>().ShouldBe("newer_schema");
        home.Run("audit", "--tail", "-1").ExitCode.ShouldBe(2);
        File.ReadAllBytes(home.AuditLog).ShouldBe(log);
    }

    private static void WriteJournal(TestHome home, string operation, IEnumerable<JournaledProcess> groups) =>
        File.WriteAllText(home.BillyFile("journal.json"), new JsonObject
        {
            ["schema_version"] = 1,
            ["operation"] = operation,
            ["version"] = "v0.9.8",
            ["started_at"] = "2026-01-01T00:00:00Z",
            ["pid"] = 999999,
            ["step"] = "start",
            ["process_groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["pid"] = g.Pid, ["start_time"] = g.StartTime })]),
            ["init"] = new JsonObject { ["commit_sha"] = new string('a', 40) },
        }.ToJsonString());

    /// <summary>A sleeping process that leads a process group of its own, as a0 starts its children.</summary>
    private static Process StartGroup()
    {
        var process = Process.Start(new ProcessStartInfo("setsid", ["sleep", "300"]))!;
        HomeFixtures.WaitFor(() => File.ReadAllText($"/proc/{process.Id}/cmdline").StartsWith("sleep", StringComparison.Ordinal), "sleep to start");
        return process;
    }
}
