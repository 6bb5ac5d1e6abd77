using A0.Tests.Support;

namespace A0.Tests.Installs;

/// <summary>init adopts the checkout where the user has it, with the home elsewhere, while the app keeps running (CONTRACT §1).</summary>
public sealed class AppPathAdoptionTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    [Fact]
    public async Task I_can_adopt_a_checkout_in_my_home_directory_from_outside_it_into_the_default_home_while_the_app_runs()
    {
        using var temp = new TempDirectory();
        var user = temp.Combine("home", "user");
        var appPath = Path.Combine(user, "agent-zero");
        await SampleInstall.CreateAsync(fixture.Upstream, temp.Path, appPath, "v0.9.7");
        await using var running = await RunningApp.StartAsync(appPath);
        var xdg = Path.Combine(user, ".local", "share");
        var variables = A0Command.Variables(("XDG_DATA_HOME", xdg));

        var init = A0Command.Run(user, variables, A0Command.NotRoot,
            "init", "--repo", "agent0ai/agent-zero", "--clone-url", fixture.Upstream.BareRepoPath, "--app-path", "agent-zero", "--json");

        init.ExitCode.ShouldBe(0, init.ToString());
        var home = Path.Combine(xdg, "a0");
        init.Json["home"]!.GetValue<string>().ShouldBe(home);
        init.Json["app_path"]!.GetValue<string>().ShouldBe(appPath);
        await ShouldBeAdoptedAsync(appPath, home, running);
        Directory.EnumerateFileSystemEntries(user).Select(Path.GetFileName).ShouldBe([".local", "agent-zero"], ignoreOrder: true, "nothing of a0's lands beside the checkout");
        var status = A0Command.Run(temp.Path, variables, A0Command.NotRoot, "status", "--json");
        status.ExitCode.ShouldBe(0, status.ToString());
        status.Json["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
    }

    [Fact]
    public async Task I_can_adopt_an_opt_style_checkout_from_inside_it_with_app_path_dot_and_the_home_elsewhere_while_the_app_runs()
    {
        using var temp = new TempDirectory();
        var appPath = temp.Combine("opt", "agent-zero");
        var home = temp.Combine("var", "lib", "a0");
        await SampleInstall.CreateAsync(fixture.Upstream, temp.Path, appPath, "v0.9.7");
        await using var running = await RunningApp.StartAsync(appPath);

        var init = A0Command.Run(appPath, A0Command.Variables(), null,
            "--home", home, "init", "--repo", "agent0ai/agent-zero", "--clone-url", fixture.Upstream.BareRepoPath, "--app-path", ".", "--json");

        init.ExitCode.ShouldBe(0, init.ToString());
        init.Json["app_path"]!.GetValue<string>().ShouldBe(appPath);
        await ShouldBeAdoptedAsync(appPath, home, running);
        Directory.EnumerateFileSystemEntries(temp.Combine("opt")).Select(Path.GetFileName).ShouldBe(["agent-zero"]);
    }

    [Fact]
    public async Task A_checkout_on_another_filesystem_is_copied_and_verified_and_the_original_kept_for_the_app_still_running_from_it()
    {
        using var temp = new TempDirectory();
        using var srv = await TmpfsMount.CreateAsync(temp.Combine("srv"));
        var appPath = Path.Combine(srv.Path, "agent-zero");
        var home = temp.Combine("home");
        await SampleInstall.CreateAsync(fixture.Upstream, temp.Path, appPath, "v0.9.7");
        await using var running = await RunningApp.StartAsync(appPath);

        var init = A0Command.Run(temp.Path, A0Command.Variables(), null,
            "--home", home, "init", "--repo", "agent0ai/agent-zero", "--clone-url", fixture.Upstream.BareRepoPath, "--app-path", appPath, "--json");

        init.ExitCode.ShouldBe(0, init.ToString());
        var kept = init.Json["original_kept_at"]!.GetValue<string>();
        kept.ShouldStartWith(appPath + ".a0-adopted-");
        init.Error.ShouldContain($"{appPath} was on another filesystem than the home, so init copied it; the original is kept at {kept}");
        init.Error.ShouldContain("An Agent Zero that was running keeps running from the original");
        File.ReadAllText(Path.Combine(kept, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        await ShouldBeAdoptedAsync(appPath, home, running);
        var adopted = A0Command.Run(temp.Path, A0Command.Variables(), null, "--home", home, "audit", "--json");
        adopted.Out.ShouldContain(kept);
    }

    /// <summary>The app path is an absolute link to the release, user data is in data/, and the app answers through the app path.</summary>
    private static async Task ShouldBeAdoptedAsync(string appPath, string home, RunningApp runningDuringInit)
    {
        new FileInfo(appPath).LinkTarget.ShouldBe(Path.Combine(home, "releases", "v0.9.7"));
        File.ReadAllText(Path.Combine(home, "data", "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        File.ReadAllText(Path.Combine(appPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        (await runningDuringInit.HealthAsync()).GetProperty("status").GetString().ShouldBe("ok", "the app running during init keeps running");
        await using var restarted = await RunningApp.StartAsync(appPath);
        (await restarted.HealthAsync()).GetProperty("version").GetString().ShouldBe("v0.9.7");
        var doctor = A0Command.Run(home, A0Command.Variables(), null, "--home", home, "doctor");
        doctor.ExitCode.ShouldBe(0, doctor.ToString());
    }
}
