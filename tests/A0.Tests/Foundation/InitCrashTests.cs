using A0.Tests.Support;

namespace A0.Tests.Foundation;

/// <summary>kill -9 at each step of init (a real a0 SIGKILLs itself there), then the home must end exactly as a clean init.</summary>
public sealed class InitCrashTests
{
    public static TheoryData<string, string> CrashPoints() => new(
        from point in new[] { "init.before_move", "init.after_move", "init.after_link", "init.after_user_data" }
        from finish in new[] { "init again", "a mutating command" }
        select (point, finish));

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_kill_during_init_leaves_the_app_usable_and_the_next_command_finishes_it(string point, string finish)
    {
        using var home = new TestHome().WithCheckout();
        var commit = home.Git("rev-parse", "HEAD").Trim();

        var crashed = home.RunProcess(["init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git"],
            new Dictionary<string, string?> { ["A0_FAULT_INJECT"] = $"crash:{point}" });

        crashed.ExitCode.ShouldBe(128 + 9, crashed.ToString());
        // The app path is never missing: init swaps the checkout and its symlink in one step.
        File.ReadAllText(Path.Combine(home.AppPath, "run_ui.py")).ShouldContain("agent zero running");
        File.ReadAllText(Path.Combine(home.AppPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        var status = home.Run("status", "--json");
        status.ExitCode.ShouldBe(4, status.ToString());
        status.Json["code"]!.GetValue<string>().ShouldBe("init_interrupted");
        status.Json["message"]!.GetValue<string>().ShouldContain("run `a0 init` again");

        var finished = finish == "init again" ? home.Init("--json") : home.Run("grant", "billy", "observer", "--json");

        finished.ExitCode.ShouldBe(0, finished.ToString());
        if (finish == "init again") finished.Json["resumed"]!.GetValue<bool>().ShouldBeTrue();
        var events = home.AuditEventTypes();
        events.ShouldContain("lock_taken_over");
        events.Where(e => e is "release_adopted" or "initialization").ShouldBe(["release_adopted", "initialization"]);
        if (finish != "init again") events.ShouldContain("recovery_completed");
        using var clean = HomeFixtures.Initialised();
        Layout(home).ShouldBe(Layout(clean));
        File.ReadAllBytes(home.BillyFile("config.json")).ShouldBe(File.ReadAllBytes(clean.BillyFile("config.json")));
        File.ReadAllBytes(home.BillyFile("authority.json")).ShouldBe(File.ReadAllBytes(clean.BillyFile("authority.json")));
        var after = home.Json("status");
        after["state"]!.GetValue<string>().ShouldBe("IDLE");
        after["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        after["known_good_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        home.Context().Metadata.Version.Read().CommitSha.ShouldBe(commit);
        File.ReadAllText(Path.Combine(home.Root, "data", "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
        home.Run("doctor").ExitCode.ShouldBe(0);
    }

    /// <summary>The home's tree (not .git): kinds, link targets and file contents, relative to the home.</summary>
    private static List<string> Layout(TestHome home)
    {
        var entries = new List<string>();
        Walk(home.Root, "");
        return entries;

        void Walk(string directory, string relative)
        {
            foreach (var info in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var path = relative + info.Name;
                if (info.Name == ".git") continue;
                if (info.LinkTarget is { } target) entries.Add($"{path} -> {target}");
                else if (info is DirectoryInfo) Walk(info.FullName, path + "/");
                else if (path.StartsWith(".billy/", StringComparison.Ordinal)) entries.Add(path);
                else entries.Add($"{path}: {File.ReadAllText(info.FullName)}");
            }
        }
    }
}
