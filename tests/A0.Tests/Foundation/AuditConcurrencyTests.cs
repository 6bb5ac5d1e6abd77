using System.Diagnostics;
using A0.Authority;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

/// <summary>CONTRACT §8: every chain check reads the log and its head under a shared lock, so an append in flight is never tampering.</summary>
public sealed class AuditConcurrencyTests
{
    private const int Rounds = 4;

    [Fact]
    public async Task Verifying_while_real_processes_append_never_reports_tampering_nor_revokes_anyone()
    {
        using var home = HomeFixtures.Initialised();
        var store = home.Context().Metadata.Authority;
        store.Write(store.Read().WithAgent("billy", AgentLevel.Executor));
        var asBilly = new Dictionary<string, string?> { ["A0_ACTOR"] = "billy" };
        var falseReports = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            // 20 at once: readers of the chain among refusals that append (distinct actors, so none is coalesced) or are counted.
            var started = new List<(string What, Process Process)>();
            for (var i = 0; i < 20; i++)
            {
                started.Add((i % 10) switch
                {
                    0 or 2 or 4 or 6 => ("audit verify", home.Start(["audit", "verify"], asBilly)),
                    8 => ("audit", home.Start(["audit", "--tail", "3"], asBilly)),
                    3 => ("clear-failure", home.Start(["clear-failure"])),
                    _ => ("status", home.Start(["status"], new Dictionary<string, string?> { ["A0_ACTOR"] = $"stranger{round}x{i}" })),
                });
            }
            foreach (var (what, process) in started)
            {
                var cancellation = TestContext.Current.CancellationToken;
                var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
                var stderr = process.StandardError.ReadToEndAsync(cancellation);
                await process.WaitForExitAsync(cancellation);
                if (what.StartsWith("audit", StringComparison.Ordinal) && process.ExitCode != 0) falseReports.Add($"round {round}, {what}: exit {process.ExitCode} {await stdout} {await stderr}");
                process.Dispose();
            }
        }

        falseReports.ShouldBeEmpty();
        home.AuditEventTypes().ShouldNotContain("authority_revoked");
        home.AuditEventTypes().ShouldNotContain("audit_damaged");
        home.Json("authority")["agents"]![0]!["level"]!.GetValue<string>().ShouldBe("executor");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }
}
