using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class JournalTests
{
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
}
