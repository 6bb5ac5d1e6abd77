using A0.Tests.Support;

namespace A0.Tests.Installs;

/// <summary>Where init will not adopt a checkout (CONTRACT §1): each refusal is exit 4 and leaves everything as it was.</summary>
public sealed class AppPathRefusalTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string Home => temp.Combine("home");

    [Theory]
    [InlineData("releases/agent-zero")]
    [InlineData("data/agent-zero")]
    [InlineData("data")]
    [InlineData("apps/agent-zero")]
    public void Init_refuses_an_app_path_inside_the_home(string inside)
    {
        var appPath = Path.Combine(Home, inside);
        TestHome.CreateCheckout(appPath);

        ShouldRefuse(appPath, Home, $"{appPath} lies inside the home {Home}");
    }

    [Theory]
    [InlineData("agent-zero/a0-home")]
    [InlineData("agent-zero")]
    public void Init_refuses_an_app_path_that_contains_the_home(string home)
    {
        var appPath = temp.Combine("agent-zero");
        TestHome.CreateCheckout(appPath);

        ShouldRefuse(appPath, temp.Combine(home), $"{appPath} contains the home {temp.Combine(home)}");
    }

    [Fact]
    public async Task Init_refuses_an_app_path_that_is_a_mount_point()
    {
        using var mount = await TmpfsMount.CreateAsync(temp.Combine("agent-zero"));
        TestHome.CreateCheckout(mount.Path);

        ShouldRefuse(mount.Path, Home, $"{mount.Path} is a mount point");
    }

    [Fact]
    public async Task Init_refuses_an_app_path_whose_parent_it_cannot_write()
    {
        using var mount = await TmpfsMount.CreateAsync(temp.Combine("readonly"));
        var appPath = Path.Combine(mount.Path, "agent-zero");
        TestHome.CreateCheckout(appPath);
        await mount.MakeReadOnlyAsync();

        ShouldRefuse(appPath, Home, $"a0 cannot write {mount.Path}, where init puts the app path's symlink");
    }

    [Fact]
    public void Without_app_path_and_without_an_agent_zero_in_the_home_init_asks_for_app_path()
    {
        var result = A0Command.Run(temp.Path, A0Command.Variables(), null, "--home", Home, "init", "--repo", "agent0ai/agent-zero", "--json");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Json["message"]!.GetValue<string>().ShouldContain($"no --app-path given and {Path.Combine(Home, "agent-zero")} does not exist: pass --app-path PATH");
        Directory.Exists(Home).ShouldBeFalse();
    }

    private void ShouldRefuse(string appPath, string home, string message)
    {
        var before = Snapshot();

        var result = A0Command.Run(temp.Path, A0Command.Variables(), null,
            "--home", home, "init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git", "--app-path", appPath, "--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("app_path_refused");
        result.Json["message"]!.GetValue<string>().ShouldContain(message);
        Snapshot().ShouldBe(before);
    }

    /// <summary>Every path under the test's directory with its kind and content, to prove a refusal wrote nothing (no .billy/ either).</summary>
    private List<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(temp.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)
            .Select(path => File.Exists(path) ? $"{path} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))}" : path)
            .ToList();
}
