using A0.Tests.Support;

namespace A0.Tests.Foundation;

/// <summary>
/// CONTRACT §3: run directly by an OS user who cannot write .billy/ (the agent as its own OS user, as doctor recommends), a0
/// never crashes: read-only commands work where it can read, anything else is exit 3 naming the missing access.
/// </summary>
public sealed class ReadOnlyUserTests
{
    private const string NeedsRoot = "needs root to make a second OS user (useradd) and run a0 as it (runuser)";

    [Fact]
    public void A_user_who_cannot_write_the_home_reads_it_and_is_refused_changes_with_exit_3_naming_the_access()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var user = OsUser.Create();
        using var home = new TestHome().WithCheckout();
        home.Init("--agent-user", user.Name).ExitCode.ShouldBe(0);
        File.GetUnixFileMode(home.BillyFile("lock")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(home.BillyFile("audit.lock")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        foreach (var command in new[] { "status", "explain-state", "audit", "audit verify", "authority", "pending-approvals", "list-artifacts", "staging-status", "env ls app", "doctor" })
        {
            var result = home.RunProcess([.. command.Split(' '), "--json"], asUser: user.Name);
            result.ExitCode.ShouldBe(0, $"{command}: {result}");
            result.Error.ShouldNotContain("Exception", customMessage: command);
        }
        home.RunProcess(["status", "--json"], asUser: user.Name).Json["actor"]!.GetValue<string>().ShouldBe("billy");
        var audited = home.AuditCount();

        var request = home.RunProcess(["request-upgrade", "v0.9.9", "--json"], asUser: user.Name);

        request.ExitCode.ShouldBe(3, request.ToString());
        request.Json["code"]!.GetValue<string>().ShouldBe("access_denied");
        request.Json["message"]!.GetValue<string>().ShouldContain($"user '{user.Name}' may not write it: {home.Billy}");
        request.Error.ShouldContain("could not audit the refusal");
        request.Error.ShouldNotContain("Exception");
        home.AuditCount().ShouldBe(audited, "the user can write no line of the log; its refusal is not audited");
        File.Exists(home.BillyFile("lock.json")).ShouldBeFalse();
    }

    [Fact]
    public void A_user_who_cannot_read_the_metadata_is_told_so_with_exit_3()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var user = OsUser.Create();
        using var home = new TestHome().WithCheckout();
        home.Init("--agent-user", user.Name).ExitCode.ShouldBe(0);
        File.SetUnixFileMode(home.Billy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var status = home.RunProcess(["status", "--json"], asUser: user.Name);
        var verify = home.RunProcess(["audit", "verify"], asUser: user.Name);

        status.ExitCode.ShouldBe(3, status.ToString());
        status.Json["code"]!.GetValue<string>().ShouldBe("access_denied");
        status.Json["message"]!.GetValue<string>().ShouldContain($"user '{user.Name}' may not read {home.BillyFile("authority.json")}");
        verify.ExitCode.ShouldBe(3, verify.ToString());
        verify.Error.ShouldNotContain("Exception");
    }
}
