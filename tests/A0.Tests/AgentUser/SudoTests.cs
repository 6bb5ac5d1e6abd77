using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.AgentUser;

/// <summary>
/// CONTRACT §3 with a real second OS user and real sudo: the agent's OS user runs a0 as the home's owner through the rule
/// `a0 sudoers` prints, and is the agent there, whatever it sets.
/// </summary>
public sealed class SudoTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    [Fact]
    public void Through_sudo_the_agent_user_can_request_an_upgrade_but_not_approve_it_nor_become_a_human()
    {
        Assert.SkipUnless(SudoersFile.CanInstall, SudoersFile.NeedsSudo);
        using var agent = OsUser.Create();
        using var upstream = UpstreamHome.WithGit(fixture.Upstream);
        var home = upstream.Home;
        home.Run("grant", "--agent-user", agent.Name).ExitCode.ShouldBe(0);
        var printed = home.RunProcess(["sudoers", "--json"]);
        printed.ExitCode.ShouldBe(0, printed.ToString());
        var rule = printed.Json["rule"]!.GetValue<string>();
        string[] a0 = [.. printed.Json["command"]!.AsArray().Select(part => part!.GetValue<string>())];
        rule.ShouldBe($"{agent.Name} ALL=(root) NOPASSWD: {string.Join(' ', a0)} --home {home.Root} *");
        a0.ShouldAllBe(path => Path.IsPathFullyQualified(path) && File.Exists(path));
        IsScript(a0[0]).ShouldBeFalse("the rule names the built a0, never the ./a0 launcher that rebuilds it");
        using var installed = SudoersFile.Install(rule);
        CliResult Sudo(params string[] args) => SudoersFile.RunAs(agent.Name, ["sudo", "-n", "-u", "root", .. a0, "--home", home.Root, .. args]);

        var request = Sudo("request-upgrade", "v0.9.8", "--json");
        var approve = Sudo("approve", "v0.9.8", "--json");
        var approveAsRoot = SudoersFile.RunAs(agent.Name, ["env", "A0_ACTOR=root", "sudo", "-n", "-u", "root", .. a0, "--home", home.Root, "approve", "v0.9.8"]);
        var spoofedStatus = SudoersFile.RunAs(agent.Name, ["env", "SUDO_UID=0", "A0_ACTOR=", .. a0, "--home", home.Root, "status", "--json"]);

        request.ExitCode.ShouldBe(0, request.ToString());
        home.Context().Metadata.PendingApproval.Read().RequestedBy.ShouldBe("billy");
        home.AuditEntries().Last(e => e["event_type"]!.GetValue<string>() == "upgrade_requested")["actor"]!.GetValue<string>().ShouldBe("billy");
        approve.ExitCode.ShouldBe(3, approve.ToString());
        approve.Json["message"]!.GetValue<string>().ShouldContain("agent 'billy'");
        approveAsRoot.ExitCode.ShouldBe(3, approveAsRoot.ToString());
        spoofedStatus.ExitCode.ShouldBe(0, spoofedStatus.ToString());
        spoofedStatus.Json["actor"]!.GetValue<string>().ShouldBe("billy", "run directly with SUDO_UID=0 it is still the agent");
        spoofedStatus.Json["authority_level"]!.GetValue<string>().ShouldBe("observer");
        home.Context().Metadata.PendingApproval.Read().Status.ShouldBe(A0.Approvals.ApprovalStatus.Pending);
        SudoersFile.RunAs(agent.Name, "touch", Path.Combine(home.Billy, "planted")).ExitCode.ShouldNotBe(0);
        SudoersFile.RunAs(agent.Name, "sh", "-c", $"echo forged >> {home.AuditLog}").ExitCode.ShouldNotBe(0);
        File.Exists(Path.Combine(home.Billy, "planted")).ShouldBeFalse();
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
        Sudo("--home", "/tmp", "status").ExitCode.ShouldBe(2, "a second --home is refused");
        Sudo("init", "--repo", "agent0ai/agent-zero").ExitCode.ShouldBe(3);
        SudoersFile.RunAs(agent.Name, ["sudo", "-n", "-u", "root", "/bin/sh", "-c", "id"]).ExitCode.ShouldNotBe(0, "the rule lets it run a0 and nothing else");
    }

    private static bool IsScript(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == '#' && file.ReadByte() == '!';
    }
}
