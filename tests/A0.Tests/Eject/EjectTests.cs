using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.Eject;

/// <summary>`a0 eject` undoes init: the app path a plain checkout with its user data, the home no longer managed (CONTRACT §4).</summary>
public sealed class EjectTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    private static readonly string[] UserData = ["usr", "tmp", "logs", ".env", "memory", "knowledge/custom", "instruments/custom"];

    [Fact]
    public async Task I_can_eject_an_adopted_checkout_with_odd_user_data_while_the_app_runs_and_init_it_again()
    {
        using var temp = new TempDirectory();
        var appPath = temp.Combine("opt", "agent-zero");
        var home = temp.Combine("var", "lib", "a0");
        await SampleInstall.CreateAsync(fixture.Upstream, temp.Path, appPath, "v0.9.7");
        UserDataTree.AddOddData(appPath);
        var present = Present(appPath);
        var before = UserDataTree.Describe(appPath, present);
        await using var running = await RunningApp.StartAsync(appPath);
        Init(temp, home, appPath).ExitCode.ShouldBe(0);

        var eject = A0(temp, home, "eject", "--json");

        eject.ExitCode.ShouldBe(0, eject.ToString());
        new FileInfo(appPath).LinkTarget.ShouldBeNull();
        Directory.Exists(Path.Combine(appPath, ".git")).ShouldBeTrue();
        UserDataTree.Describe(appPath, present).ShouldBe(before);
        (await running.HealthAsync()).GetProperty("status").GetString().ShouldBe("ok", "the app running through the app path keeps running");
        await using (var restarted = await RunningApp.StartAsync(appPath))
        {
            (await restarted.HealthAsync()).GetProperty("version").GetString().ShouldBe("v0.9.7");
        }
        var record = eject.Json["record"]!.GetValue<string>();
        ShouldBeEjected(home, record);
        LastEvents(record).ShouldBe(["initialization", "eject_started", "ejected"]);
        A0(temp, home, "status").ExitCode.ShouldBe(4, "the home is no longer managed");

        var again = Init(temp, home, appPath);

        again.ExitCode.ShouldBe(0, again.ToString());
        new FileInfo(appPath).LinkTarget.ShouldBe(Path.Combine(home, "releases", "v0.9.7"));
        UserDataTree.Describe(Path.Combine(home, "data"), present).ShouldBe(before);
        (await running.HealthAsync()).GetProperty("status").GetString().ShouldBe("ok");
        A0(temp, home, "doctor").ExitCode.ShouldBe(0);
        Directory.Exists(record).ShouldBeTrue("the record of the first install stays");
    }

    [Fact]
    public async Task Eject_after_a_staged_release_keeps_the_builds_the_app_venv_links_into()
    {
        await using var staging = await StagingHome.CreateAsync();
        var home = staging.Home;
        UserDataTree.AddOddData(Path.Combine(home.Root, "data"), withBigFile: false);
        var before = UserDataTree.Describe(Path.Combine(home.Root, "data"), UserData);
        staging.Approve("v0.9.8");
        staging.Stage("v0.9.8").ExitCode.ShouldBe(0);
        var build = staging.BuildOf("v0.9.8").ShouldNotBeNull();

        var refused = home.Run("eject", "--json");

        refused.ExitCode.ShouldBe(4, refused.ToString());
        refused.Json["message"]!.GetValue<string>().ShouldContain("needs state IDLE");
        home.Run("abandon").ExitCode.ShouldBe(0);
        // What promotion makes of a release: its .venv a relative link to a build's venv.
        var venv = Path.Combine(home.Root, "releases", "v0.9.7", ".venv");
        if (Directory.Exists(venv)) Directory.Delete(venv, recursive: true);
        File.CreateSymbolicLink(venv, Path.GetRelativePath(Path.GetDirectoryName(venv)!, Path.Combine(build, "venv")));

        var eject = home.Run("eject", "--json");

        eject.ExitCode.ShouldBe(0, eject.ToString());
        eject.Json["builds_kept"]!.GetValue<string>().ShouldBe(Path.Combine(home.Billy, "builds"));
        eject.Json["venv_links_to"]!.GetValue<string>().ShouldBe(Path.Combine(build, "venv"));
        new FileInfo(Path.Combine(home.AppPath, ".venv")).LinkTarget.ShouldBe(Path.Combine(build, "venv"), "absolute: it resolves from the app path");
        File.Exists(Path.Combine(home.AppPath, ".venv", "bin", "python")).ShouldBeTrue();
        UserDataTree.Describe(home.AppPath, UserData).ShouldBe(before);
        var record = eject.Json["record"]!.GetValue<string>();
        ShouldBeEjected(home.Root, record, "builds");
        new FileInfo(Path.Combine(record, "artifacts", "v0.9.8")).LinkTarget.ShouldNotBeNull("the artifact's name goes to the record, its build stays");

        home.Run("init", "--repo", "agent0ai/agent-zero", "--clone-url", staging.Upstream.BareRepoPath).ExitCode.ShouldBe(0);
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);
        Directory.Exists(build).ShouldBeTrue("the re-adopted app's .venv still links into the build, so it is no garbage");
    }

    [Fact]
    public async Task An_app_path_on_another_filesystem_is_copied_back_and_the_originals_kept_in_the_record()
    {
        using var temp = new TempDirectory();
        using var srv = await TmpfsMount.CreateAsync(temp.Combine("srv"));
        var appPath = Path.Combine(srv.Path, "agent-zero");
        var home = temp.Combine("home");
        TestHome.CreateCheckout(appPath);
        UserDataTree.AddOddData(appPath, withBigFile: false);
        var present = Present(appPath);
        var before = UserDataTree.Describe(appPath, present);
        Init(temp, home, appPath).ExitCode.ShouldBe(0);
        var adopted = Directory.EnumerateDirectories(srv.Path, "agent-zero.a0-adopted-*").ShouldHaveSingleItem();

        var eject = A0(temp, home, "eject", "--json");

        eject.ExitCode.ShouldBe(0, eject.ToString());
        eject.Json["copied"]!.GetValue<bool>().ShouldBeTrue();
        var record = eject.Json["record"]!.GetValue<string>();
        eject.Json["not_copied"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldHaveSingleItem().ShouldContain("agent.sock");
        A0(temp, home, "eject").ExitCode.ShouldBe(4);
        new FileInfo(appPath).LinkTarget.ShouldBeNull();
        UserDataTree.Describe(appPath, present).ShouldBe(before.Where(line => !line.Contains("agent.sock", StringComparison.Ordinal)).ToList());
        Directory.EnumerateFileSystemEntries(srv.Path).Select(Path.GetFileName).ShouldBe(["agent-zero", Path.GetFileName(adopted)], ignoreOrder: true, "no copy is left beside it");
        UserDataTree.Describe(Path.Combine(record, "data"), "usr").ShouldContain(line => line.StartsWith("usr/agent.sock s", StringComparison.Ordinal), "what could not be copied stays in the record");
        File.ReadAllText(Path.Combine(record, "releases", "v0.9.8", "run_ui.py")).ShouldContain("agent zero running");
        ShouldBeEjected(home, record);
    }

    [Fact]
    public void Only_a_human_ejects_and_only_an_install_whose_app_path_is_what_a0_recorded()
    {
        using var home = HomeFixtures.Initialised();

        var agent = home.RunAs("billy", "eject", "--json");
        File.Delete(home.AppPath);
        Directory.CreateSymbolicLink(home.AppPath, Path.Combine(home.Root, "data"));
        var changed = home.Run("eject", "--json");

        agent.ExitCode.ShouldBe(3, agent.ToString());
        changed.ExitCode.ShouldBe(4, changed.ToString());
        changed.Json["message"]!.GetValue<string>().ShouldContain("recover --i-understand");
        File.Exists(home.BillyFile("state.json")).ShouldBeTrue();
        File.Exists(home.BillyFile("journal.json")).ShouldBeFalse();
        home.AuditEventTypes().ShouldNotContain("eject_started");
    }

    [Fact]
    public async Task A_copy_back_that_fails_leaves_the_app_path_linked_and_the_home_managed()
    {
        using var home = new TestHome();
        using var temp = new TempDirectory();
        using var srv = await TmpfsMount.CreateAsync(temp.Combine("srv"), "size=1m");
        var appPath = Path.Combine(srv.Path, "agent-zero");
        TestHome.CreateCheckout(appPath);
        home.Init("--app-path", appPath).ExitCode.ShouldBe(0);
        Directory.Delete(Directory.EnumerateDirectories(srv.Path, "agent-zero.a0-adopted-*").Single(), recursive: true);
        // The release has grown beyond what the app path's filesystem holds.
        File.WriteAllBytes(Path.Combine(home.Root, "releases", "v0.9.8", "model.bin"), new byte[2 * 1024 * 1024]);

        var eject = home.Run("eject", "--json");

        eject.ExitCode.ShouldBe(1, eject.ToString());
        eject.Json["message"]!.GetValue<string>().ShouldContain("The app path is untouched; run `a0 eject` again");
        new FileInfo(appPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", "v0.9.8"));
        File.ReadAllText(Path.Combine(appPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        Directory.EnumerateFileSystemEntries(srv.Path).Select(Path.GetFileName).ShouldBe(["agent-zero"]);
        home.AuditEventTypes().TakeLast(2).ShouldBe(["eject_started", "eject_error"]);
        home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
        home.Run("doctor").ExitCode.ShouldBe(0);
    }

    /// <summary>The user-data paths a checkout has (init creates the others, empty, in data/).</summary>
    private static string[] Present(string checkout) => [.. UserData.Where(path => Path.Exists(Path.Combine(checkout, path)))];

    /// <summary>The home holds nothing of a managed home any more: only the builds (if any), the lock files and the records.</summary>
    internal static void ShouldBeEjected(string home, string record, params string[] alsoKept)
    {
        var billy = Path.Combine(home, ".billy");
        Directory.EnumerateFileSystemEntries(home).Select(Path.GetFileName).ShouldBe([".billy", .. Directory.Exists(Path.Combine(home, "agent-zero")) ? ["agent-zero"] : Array.Empty<string>()], ignoreOrder: true);
        Directory.EnumerateFileSystemEntries(billy).Select(Path.GetFileName).Where(name => !name!.StartsWith("ejected-", StringComparison.Ordinal))
            .ShouldBe(["audit.lock", "lock", .. alsoKept], ignoreOrder: true);
        Path.GetDirectoryName(record).ShouldBe(billy);
        foreach (var file in new[] { "state.json", "config.json", "authority.json", "version.json", "upgrade_history.log", "audit_head.json" })
        {
            File.Exists(Path.Combine(record, file)).ShouldBeTrue($"{file} is in the record");
        }
        File.Exists(Path.Combine(record, "journal.json")).ShouldBeFalse();
    }

    internal static IReadOnlyList<string> LastEvents(string record, int count = 3) =>
        File.ReadAllLines(Path.Combine(record, "upgrade_history.log")).TakeLast(count).Select(line => JsonNode.Parse(line)!["event_type"]!.GetValue<string>()).ToList();

    private CliResult Init(TempDirectory temp, string home, string appPath) =>
        A0(temp, home, "init", "--repo", "agent0ai/agent-zero", "--clone-url", fixture.Upstream.BareRepoPath, "--app-path", appPath);

    private static CliResult A0(TempDirectory temp, string home, params string[] args) =>
        A0Command.Run(temp.Path, A0Command.Variables(), null, ["--home", home, .. args]);
}
