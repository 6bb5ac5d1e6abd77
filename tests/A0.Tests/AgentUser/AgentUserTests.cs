using A0.Authority;
using A0.Home;
using A0.Processes;
using A0.Tests.Support;

namespace A0.Tests.AgentUser;

/// <summary>
/// CONTRACT §3 in process, with sudo as a0 sees it (SUDO_UID set and not the effective uid): who the actor is, what the caller's
/// environment may not carry in, which homes are refused; the agent's OS user may write data/ and nothing else; only the home's
/// owner changes the home.
/// </summary>
public sealed class AgentUserTests
{
    private const string NeedsRoot = "needs root to make an OS user and to hand files to another user";

    [Fact]
    public void Under_sudo_the_agent_user_is_the_agent_whatever_A0_ACTOR_says_and_an_unknown_caller_is_nobody()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var agent = OsUser.Create();
        using var home = new TestHome().WithCheckout();
        home.Init("--agent-user", agent.Name).ExitCode.ShouldBe(0);
        var uid = UnixUser.Find(agent.Name)!.Uid;

        foreach (var actor in new[] { null, "", "root", "billy" })
        {
            var status = home.Run(["status", "--json"], new Dictionary<string, string?> { ["SUDO_UID"] = $"{uid}", ["A0_ACTOR"] = actor });
            status.ExitCode.ShouldBe(0, status.ToString());
            status.Json["actor"]!.GetValue<string>().ShouldBe("billy", $"A0_ACTOR={actor ?? "(unset)"}");
        }
        var approve = home.Run(["approve", "v0.9.9", "--json"], new Dictionary<string, string?> { ["SUDO_UID"] = $"{uid}", ["A0_ACTOR"] = "root" });
        var stranger = home.Run(["status", "--json"], new Dictionary<string, string?> { ["SUDO_UID"] = "4243" });

        approve.ExitCode.ShouldBe(3, approve.ToString());
        stranger.ExitCode.ShouldBe(3, stranger.ToString());
        stranger.Json["message"]!.GetValue<string>().ShouldContain("'uid 4243'");
    }

    [Fact]
    public void Under_sudo_a_listed_human_is_that_human()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var human = OsUser.Create();
        using var home = new TestHome().WithCheckout();
        home.Init().ExitCode.ShouldBe(0);
        home.EditJson("authority.json", policy => policy["humans"]!.AsArray().Add(human.Name));

        var status = home.Run(["status", "--json"], new Dictionary<string, string?> { ["SUDO_UID"] = $"{UnixUser.Find(human.Name)!.Uid}" });

        status.ExitCode.ShouldBe(0, status.ToString());
        status.Json["actor"]!.GetValue<string>().ShouldBe(human.Name);
        status.Json["authority_level"]!.GetValue<string>().ShouldBe("human");
    }

    [Fact]
    public void Under_sudo_init_a_second_home_and_a_home_others_can_write_are_refused()
    {
        using var home = HomeFixtures.Initialised();
        var sudo = new Dictionary<string, string?> { ["SUDO_UID"] = "4243" };

        using var fresh = new TestHome().WithCheckout();
        var initThroughSudo = fresh.Run(["init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git"], sudo);
        var twoHomes = A0Command.Run(home.Root, A0Command.Variables(("SUDO_UID", "4243")), null, "--home", home.Root, "status", "--home", fresh.Root);
        File.SetUnixFileMode(home.Billy, File.GetUnixFileMode(home.Billy) | UnixFileMode.OtherWrite);
        var writable = home.Run(["status", "--json"], sudo);

        initThroughSudo.ExitCode.ShouldBe(3, initThroughSudo.ToString());
        Directory.Exists(fresh.Billy).ShouldBeFalse();
        twoHomes.ExitCode.ShouldBe(2, twoHomes.ToString());
        writable.ExitCode.ShouldBe(4, writable.ToString());
        writable.Json["code"]!.GetValue<string>().ShouldBe(SudoInvocation.UnsafeHomeCode);
        writable.Json["message"]!.GetValue<string>().ShouldContain(home.Billy);
        home.Run("status").ExitCode.ShouldBe(0, "the home's owner, not through sudo, still may");
    }

    [Fact]
    public void Under_sudo_the_callers_pip_git_python_and_dotnet_variables_are_dropped_and_HOME_is_the_owners()
    {
        using var home = HomeFixtures.Initialised();
        var caller = new Dictionary<string, string?>
        {
            ["SUDO_UID"] = "4243", ["PATH"] = "/usr/bin", ["HOME"] = "/home/caller", ["A0_ACTOR"] = "root", ["PIP_INDEX_URL"] = "http://evil.invalid",
            ["GIT_CONFIG_GLOBAL"] = "/home/caller/.gitconfig", ["PYTHONPATH"] = "/home/caller/lib", ["PYTHONSTARTUP"] = "/home/caller/x.py",
            ["DOTNET_STARTUP_HOOKS"] = "/home/caller/hook.dll", ["LANG"] = "C.UTF-8",
        };

        var (variables, osUser) = SudoInvocation.Apply(caller, 0, new HomeLayout(home.Root));
        var (untouched, self) = SudoInvocation.Apply(caller.Where(v => v.Key != "SUDO_UID").ToDictionary(), 0, new HomeLayout(home.Root));

        variables.Keys.Order().ShouldBe(["HOME", "LANG", "PATH", "SUDO_UID"]);
        variables["HOME"].ShouldBe(UnixUser.HomeDirectory(0));
        osUser.ShouldBe("uid 4243");
        untouched.Count.ShouldBe(caller.Count - 1);
        self.ShouldBeNull();
    }

    [Fact]
    public void Only_the_homes_owner_changes_it_root_included_and_the_refusal_names_the_owner()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var owner = OsUser.Create();
        using var home = HomeFixtures.Initialised();
        HomeFixtures.Exec("/", "chown", "-R", owner.Name, home.Root);
        var before = home.MetadataBytes();

        var grant = home.Run("grant", "billy", "observer", "--json");
        var status = home.Run("status", "--json");

        grant.ExitCode.ShouldBe(3, grant.ToString());
        grant.Json["code"]!.GetValue<string>().ShouldBe(HomeOwner.NotOwnerCode);
        grant.Json["message"]!.GetValue<string>().ShouldContain($"belongs to '{owner.Name}'");
        grant.Json["message"]!.GetValue<string>().ShouldContain("not as 'root'");
        home.MetadataBytes().ShouldBeUnchangedFrom(before);
        status.ExitCode.ShouldBe(0, "reading is not changing");
    }

    [Fact]
    public void The_agent_user_may_write_data_and_nothing_else_init_grant_and_doctor_check_it()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var agent = OsUser.Create();
        using var home = new TestHome().WithCheckout();
        File.SetUnixFileMode(Path.Combine(home.AppPath, "run_ui.py"), (UnixFileMode)0b110_110_110);

        var refused = home.Init("--agent-user", agent.Name, "--json");

        refused.ExitCode.ShouldBe(4, refused.ToString());
        refused.Json["code"]!.GetValue<string>().ShouldBe(AgentUserAccess.ProblemCode);
        refused.Json["message"]!.GetValue<string>().ShouldContain(Path.Combine(home.AppPath, "run_ui.py"));
        Directory.Exists(home.Billy).ShouldBeFalse("a refused init writes nothing");

        File.SetUnixFileMode(Path.Combine(home.AppPath, "run_ui.py"), (UnixFileMode)0b110_100_100);
        home.Init().ExitCode.ShouldBe(0);
        home.Run(["grant", "--agent-user", "no-such-user-a0", "--json"]).Json["code"]!.GetValue<string>().ShouldBe("no_such_user");
        home.Run(["grant", "--agent-user", "root", "--json"]).ExitCode.ShouldBe(4, "a human is no agent");
        home.Run(["grant", "billy", "--json"]).ExitCode.ShouldBe(2);
        var granted = home.Run("grant", "--agent-user", agent.Name, "--json");
        granted.ExitCode.ShouldBe(0, granted.ToString());
        granted.Json["agent"]!.GetValue<string>().ShouldBe("billy");
        home.AuditEventTypes().ShouldContain("agent_user_set");
        HomeFixtures.Exec("/", "chown", "-R", agent.Name, Path.Combine(home.Root, "data"));
        home.Run("doctor").ExitCode.ShouldBe(0, "the agent user may write data/");

        var release = Path.Combine(home.Root, "releases", "v0.9.8");
        File.SetUnixFileMode(release, File.GetUnixFileMode(release) | UnixFileMode.OtherWrite);
        var doctor = home.Run("doctor", "--json");

        doctor.ExitCode.ShouldBe(1, doctor.ToString());
        doctor.Json["findings"]!.AsArray().ShouldContain(f => f!["check"]!.GetValue<string>() == "agent user" && f["message"]!.GetValue<string>().Contains(release, StringComparison.Ordinal));
        home.Run(["grant", "--agent-user", agent.Name, "--json"]).Json["code"]!.GetValue<string>().ShouldBe(AgentUserAccess.ProblemCode);
    }

    [Fact]
    public void The_sudoers_rule_is_refused_when_the_agent_user_could_change_the_executable()
    {
        Assert.SkipUnless(OsUser.CanCreate, NeedsRoot);
        using var agent = OsUser.Create();
        using var home = new TestHome().WithCheckout();
        home.Init("--agent-user", agent.Name).ExitCode.ShouldBe(0);
        using var install = new TempDirectory();
        var executable = install.Combine("a0");
        File.WriteAllText(executable, "");
        File.CreateSymbolicLink(install.Combine("a0-latest"), executable);
        var context = home.Context();
        var policy = context.Metadata.Authority.Read();

        var safe = SudoersRule.For(context, policy, [executable]);
        File.SetUnixFileMode(install.Path, File.GetUnixFileMode(install.Path) | UnixFileMode.OtherWrite);
        var writableDirectory = Should.Throw<A0Exception>(() => SudoersRule.For(context, policy, [executable]));
        File.SetUnixFileMode(install.Path, (UnixFileMode)0b111_101_101);
        HomeFixtures.Exec("/", "chown", agent.Name, executable);
        var ownedByAgent = Should.Throw<A0Exception>(() => SudoersRule.For(context, policy, [executable]));

        safe.Text.ShouldBe($"{agent.Name} ALL=(root) NOPASSWD: {executable} --home {home.Root} *");
        writableDirectory.ExitCode.ShouldBe(ExitCode.Precondition);
        writableDirectory.Code.ShouldBe(SudoersRule.UnsafeCode);
        ownedByAgent.Message.ShouldContain(executable);
    }
}
