using A0.Approvals;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class SignedApprovalTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>, IDisposable
{
    private static readonly string Human = Environment.UserName;
    private static readonly IReadOnlyDictionary<string, string?> SshEnvironment = new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = null };

    private readonly TempDirectory keys = new("a0-keys");

    public void Dispose() => keys.Dispose();

    [Fact]
    public async Task A_human_approves_an_agents_request_with_a_signature_over_the_statement()
    {
        using var home = await SignedHomeAsync();
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var signature = await SignAsync("human", Statement(home, "v0.9.8.1"));
        var result = home.Run("approve", "v0.9.8.1", "--signature", signature, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var approval = home.Metadata.PendingApproval.Read();
        (approval.Status, approval.DecidedBy).ShouldBe((ApprovalStatus.Approved, Human));
        var approved = home.Home.AuditEntries()[^1];
        approved["event_type"]!.GetValue<string>().ShouldBe("upgrade_approved");
        approved["details"]!["signed"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_human_approves_their_own_request_with_self_and_a_signature()
    {
        using var home = await SignedHomeAsync();
        home.Run("request-upgrade", "v0.9.8").ExitCode.ShouldBe(0);

        var signature = await SignAsync("human", Statement(home, "v0.9.8"));
        var result = home.Run("approve", "v0.9.8", "--self", "--signature", signature);

        result.ExitCode.ShouldBe(0, result.ToString());
        home.Home.AuditEventTypes().TakeLast(2).ShouldBe(["self_approved", "upgrade_approved"]);
    }

    [Fact]
    public async Task Without_a_signature_the_approval_is_refused()
    {
        using var home = await SignedHomeAsync();
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var result = home.Run("approve", "v0.9.8.1", "--json");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Json["authority_required"]!.GetValue<string>().ShouldBe("human");
        result.Json["message"]!.GetValue<string>().ShouldContain("approval-statement");
        home.Metadata.PendingApproval.Read().Status.ShouldBe(ApprovalStatus.Pending);
    }

    [Fact]
    public async Task A_signature_over_a_different_statement_is_refused()
    {
        using var home = await SignedHomeAsync();
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);
        var statement = Statement(home, "v0.9.8.1");
        var altered = statement.Replace($"commit_sha: {fixture.Upstream["v0.9.8.1"].CommitSha}", $"commit_sha: {fixture.Upstream["v0.9.7"].CommitSha}", StringComparison.Ordinal);
        altered.ShouldNotBe(statement);

        var signature = await SignAsync("human", altered);
        var result = home.Run("approve", "v0.9.8.1", "--signature", signature, "--json");

        AssertRefused(home, result);
    }

    [Fact]
    public async Task A_signature_made_for_an_earlier_request_of_the_same_version_is_refused()
    {
        using var home = await SignedHomeAsync();
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);
        var earlier = await SignAsync("human", Statement(home, "v0.9.8.1"));
        home.Run("deny", "v0.9.8.1", "--reason", "asked again below").ExitCode.ShouldBe(0);
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var result = home.Run("approve", "v0.9.8.1", "--signature", earlier, "--json");

        AssertRefused(home, result);
    }

    [Fact]
    public async Task A_signature_by_a_key_not_in_allowed_signers_is_refused()
    {
        using var home = await SignedHomeAsync();
        await KeyAsync("forger");
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var forged = await SignAsync("forger", Statement(home, "v0.9.8.1"));
        var result = home.Run("approve", "v0.9.8.1", "--signature", forged, "--json");

        AssertRefused(home, result);
    }

    [Fact]
    public async Task A_signature_by_another_principals_key_is_refused()
    {
        var other = await KeyAsync("other");
        using var home = await SignedHomeAsync($"someone-else {other}\n");
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var signature = await SignAsync("other", Statement(home, "v0.9.8.1"));
        var result = home.Run("approve", "v0.9.8.1", "--signature", signature, "--json");

        AssertRefused(home, result);
    }

    [Fact]
    public async Task A_signature_in_another_namespace_is_refused()
    {
        using var home = await SignedHomeAsync();
        home.RunAs("billy", "request-upgrade", "v0.9.8.1").ExitCode.ShouldBe(0);

        var signature = await SignAsync("human", Statement(home, "v0.9.8.1"), "file");
        var result = home.Run("approve", "v0.9.8.1", "--signature", signature, "--json");

        AssertRefused(home, result);
    }

    private static void AssertRefused(UpstreamHome home, CliResult result)
    {
        result.ExitCode.ShouldBe(3, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("signature_invalid");
        result.Json["authority_required"]!.GetValue<string>().ShouldBe("human");
        home.Metadata.PendingApproval.Read().Status.ShouldBe(ApprovalStatus.Pending);
        home.Home.AuditEntries()[^1]["event_type"]!.GetValue<string>().ShouldBe("authority_denied");
        home.Home.AuditEventTypes().ShouldNotContain("upgrade_approved");
    }

    /// <summary>A home whose approvals need a signature by the OS user's key (plus any extra allowed_signers lines).</summary>
    private async Task<UpstreamHome> SignedHomeAsync(string extraSigners = "")
    {
        var publicKey = await KeyAsync("human");
        var signers = keys.Combine("allowed_signers");
        await File.WriteAllTextAsync(signers, $"{Human} {publicKey}\n{extraSigners}", TestContext.Current.CancellationToken);
        var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Configure(config => config with { Approval = config.Approval with { Signers = signers } });
        return home;
    }

    /// <summary>A fresh ed25519 key pair named <paramref name="name"/>; returns its public key line.</summary>
    private async Task<string> KeyAsync(string name)
    {
        var key = keys.Combine(name);
        if (!File.Exists(key))
        {
            await TestProcess.OutputAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key], environment: SshEnvironment, cancellationToken: TestContext.Current.CancellationToken);
        }
        return (await File.ReadAllTextAsync(key + ".pub", TestContext.Current.CancellationToken)).Trim();
    }

    /// <summary>Signs <paramref name="statement"/> as an approver would; returns the .sig file.</summary>
    private async Task<string> SignAsync(string keyName, string statement, string ns = ApprovalStatement.Namespace)
    {
        var file = keys.Combine($"statement-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, statement, TestContext.Current.CancellationToken);
        await TestProcess.OutputAsync("ssh-keygen", ["-Y", "sign", "-f", keys.Combine(keyName), "-n", ns, file], environment: SshEnvironment, cancellationToken: TestContext.Current.CancellationToken);
        return file + ".sig";
    }

    private static string Statement(UpstreamHome home, string version)
    {
        var result = home.Run("approval-statement", version);
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Out;
    }
}
