using A0.Tests.Support;

namespace A0.Tests.Eject;

/// <summary>
/// kill -9 at each step of eject (a real a0 SIGKILLs itself there): the app stays usable, and the next command settles the
/// eject. `a0 eject` finishes it; another command undoes it while the app path is still the link, and past that is told how
/// the home ended (finished by its recovery, or to run `a0 eject` once the last event is written).
/// </summary>
public sealed class EjectCrashTests
{
    private static readonly string[] BeforeSwap = ["eject.after_start", "eject.user_data_exchanged", "eject.after_user_data"];
    private static readonly string[] AfterEvent = ["eject.after_event", "eject.after_releases", "eject.after_policy", "eject.after_metadata"];
    private static readonly string[] Present = ["usr", ".env", "memory"];

    public static TheoryData<string, string> CrashPoints() => new(
        from point in BeforeSwap.Append("eject.after_swap").Concat(AfterEvent)
        from next in new[] { "eject", "grant" }
        select (point, next));

    public static TheoryData<string, string> CopyCrashPoints() => new(
        from point in new[] { "eject.after_copy", "eject.after_swap" }
        from next in new[] { "eject", "grant" }
        select (point, next));

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_kill_at_any_step_of_eject_leaves_a_usable_app_and_the_next_command_settles_it(string point, string next)
    {
        using var home = new TestHome().WithCheckout();
        UserDataTree.AddOddData(home.AppPath, withBigFile: false);
        var before = UserDataTree.Describe(home.AppPath, Present);
        home.Init().ExitCode.ShouldBe(0);

        CrashAndSettle(home, home.AppPath, point, next, before, copiedBack: _ => true);

        var again = home.Init();
        again.ExitCode.ShouldBe(0, again.ToString());
        UserDataTree.Describe(Path.Combine(home.Root, "data"), Present).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(CopyCrashPoints))]
    public async Task A_kill_while_copying_back_to_another_filesystem_loses_nothing(string point, string next)
    {
        using var home = new TestHome();
        using var temp = new TempDirectory();
        using var srv = await TmpfsMount.CreateAsync(temp.Combine("srv"));
        var appPath = Path.Combine(srv.Path, "agent-zero");
        TestHome.CreateCheckout(appPath);
        UserDataTree.AddOddData(appPath, withBigFile: false);
        var before = UserDataTree.Describe(appPath, Present);
        home.Init("--app-path", appPath).ExitCode.ShouldBe(0);

        // A socket cannot be copied: it stays with the originals in the record.
        CrashAndSettle(home, appPath, point, next, before, copiedBack: line => !line.Contains(".sock", StringComparison.Ordinal));

        Directory.EnumerateFileSystemEntries(srv.Path, ".*").ShouldBeEmpty("no partial copy is left beside the app path");
    }

    private static void CrashAndSettle(TestHome home, string appPath, string point, string next, IReadOnlyList<string> before, Func<string, bool> copiedBack)
    {
        var crashed = home.RunProcess(["eject"], new Dictionary<string, string?> { ["A0_FAULT_INJECT"] = $"crash:{point}" });

        crashed.ExitCode.ShouldBe(128 + 9, crashed.ToString());
        File.ReadAllText(Path.Combine(appPath, "run_ui.py")).ShouldContain("agent zero running");
        File.ReadAllText(Path.Combine(appPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");

        var settled = next == "eject" ? home.Run("eject", "--json") : home.Run("grant", "billy", "observer", "--json");

        if (next == "eject")
        {
            settled.ExitCode.ShouldBe(0, settled.ToString());
            settled.Json["resumed"]!.GetValue<bool>().ShouldBeTrue();
        }
        else if (point is "eject.after_start" or "eject.after_copy" || BeforeSwap.Contains(point))
        {
            settled.ExitCode.ShouldBe(0, settled.ToString());
            new FileInfo(appPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", "v0.9.8"), "undone: the app path links to the release again");
            UserDataTree.Describe(Path.Combine(home.Root, "data"), Present).ShouldBe(before);
            home.AuditEventTypes().ShouldContain("process_died");
            home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
            home.Run("doctor").ExitCode.ShouldBe(0);
            home.Run("eject").ExitCode.ShouldBe(0);
        }
        else if (point == "eject.after_swap")
        {
            settled.ExitCode.ShouldBe(4, settled.ToString());
            settled.Json["code"]!.GetValue<string>().ShouldBe("ejected");
        }
        else
        {
            settled.ExitCode.ShouldBe(4, settled.ToString());
            settled.Json["code"]!.GetValue<string>().ShouldBe("eject_interrupted");
            home.Init("--json").Json["code"]!.GetValue<string>().ShouldBe("eject_interrupted");
            home.Run("eject").ExitCode.ShouldBe(0);
        }

        new FileInfo(appPath).LinkTarget.ShouldBeNull();
        UserDataTree.Describe(appPath, Present).ShouldBe(before.Where(copiedBack).ToList());
        var record = Directory.EnumerateDirectories(home.Billy, "ejected-*").ShouldHaveSingleItem();
        EjectTests.ShouldBeEjected(home.Root, record);
        var events = File.ReadAllLines(Path.Combine(record, "upgrade_history.log"));
        events.Count(line => line.Contains("\"event_type\":\"ejected\"", StringComparison.Ordinal)).ShouldBe(1);
        EjectTests.LastEvents(record, 1).ShouldBe(["ejected"]);
        home.Run("status").ExitCode.ShouldBe(4);
    }
}
