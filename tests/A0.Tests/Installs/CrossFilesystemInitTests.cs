using A0.Tests.Support;

namespace A0.Tests.Installs;

/// <summary>Adopting a checkout from another filesystem than the home: copy, verify, set aside, link; a failure or a kill -9 at any step loses nothing.</summary>
public sealed class CrossFilesystemInitTests
{
    public static TheoryData<string, string> CrashPoints() => new(
        from point in new[] { "init.before_move", "init.after_copy", "init.after_set_aside", "init.after_link", "init.after_user_data" }
        from finish in new[] { "init again", "a mutating command" }
        select (point, finish));

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_kill_while_adopting_from_another_filesystem_loses_nothing_and_the_next_command_finishes_it(string point, string finish)
    {
        using var home = new TestHome();
        using var temp = new TempDirectory();
        using var srv = await TmpfsMount.CreateAsync(temp.Combine("srv"));
        var appPath = Path.Combine(srv.Path, "agent-zero");
        TestHome.CreateCheckout(appPath);

        var crashed = home.RunProcess(["init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git", "--app-path", appPath],
            new Dictionary<string, string?> { ["A0_FAULT_INJECT"] = $"crash:{point}" });

        crashed.ExitCode.ShouldBe(128 + 9, crashed.ToString());
        var kept = Directory.EnumerateDirectories(srv.Path, "agent-zero.a0-adopted-*").SingleOrDefault();
        if (point == "init.after_set_aside")
        {
            // The one instant the contract allows the app path to be missing: the original is already set aside, whole.
            Path.Exists(appPath).ShouldBeFalse();
            File.ReadAllText(Path.Combine(kept!, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        }
        else
        {
            File.ReadAllText(Path.Combine(appPath, "run_ui.py")).ShouldContain("agent zero running");
            File.ReadAllText(Path.Combine(appPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        }
        home.Run("status", "--json").Json["code"]!.GetValue<string>().ShouldBe("init_interrupted");

        var finished = finish == "init again" ? home.Init("--json") : home.Run("grant", "billy", "observer", "--json");

        finished.ExitCode.ShouldBe(0, finished.ToString());
        var release = Path.Combine(home.Root, "releases", "v0.9.8");
        new FileInfo(appPath).LinkTarget.ShouldBe(release);
        Directory.EnumerateFileSystemEntries(Path.Combine(home.Root, "releases")).ShouldBe([release], "no partial copy is left");
        kept = Directory.EnumerateDirectories(srv.Path, "agent-zero.a0-adopted-*").ShouldHaveSingleItem();
        File.ReadAllText(Path.Combine(kept, "run_ui.py")).ShouldContain("agent zero running");
        File.ReadAllText(Path.Combine(appPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        File.ReadAllText(Path.Combine(home.Root, "data", "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        var adopted = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "release_adopted");
        adopted["details"]!["original_kept_at"]!.GetValue<string>().ShouldBe(kept);
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
        home.Run("doctor").ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_copy_that_fails_leaves_the_app_path_untouched_and_says_how_to_go_on()
    {
        using var temp = new TempDirectory();
        using var small = await TmpfsMount.CreateAsync(temp.Combine("small"), "size=1m");
        var appPath = temp.Combine("agent-zero");
        TestHome.CreateCheckout(appPath);
        File.WriteAllBytes(Path.Combine(appPath, "model.bin"), new byte[2 * 1024 * 1024]);
        var home = Path.Combine(small.Path, "home");

        var init = A0Command.Run(temp.Path, A0Command.Variables(), null,
            "--home", home, "init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git", "--app-path", appPath, "--json");

        init.ExitCode.ShouldBe(1, init.ToString());
        init.Json["code"]!.GetValue<string>().ShouldBe("copy_failed");
        init.Json["message"]!.GetValue<string>().ShouldContain("The app path is untouched; fix that and run `a0 init` again");
        new FileInfo(appPath).LinkTarget.ShouldBeNull();
        File.ReadAllText(Path.Combine(appPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        Directory.EnumerateFileSystemEntries(Path.Combine(home, "releases")).ShouldBeEmpty();
    }
}
