using System.Security.Cryptography;
using A0.Demo;
using A0.Home;
using A0.Storage;

namespace A0.Tests.Support;

/// <summary>
/// A managed home ready to stage: the user's install (a clone of the sample upstream at v0.9.7, adopted by init), a loopback
/// GitHub-style API on the upstream, wheels for the sample's dependency, and git/pip/TMPDIR isolated from the machine.
/// </summary>
public sealed class StagingHome : IAsyncDisposable
{
    private readonly TempDirectory scratch = new("a0-staging");

    private TempDirectory? upstreamDirectory;

    private StagingHome(SampleUpstream upstream, GitHubApiServer api)
    {
        Upstream = upstream;
        Api = api;
        Home = new TestHome();
    }

    public SampleUpstream Upstream { get; }
    public GitHubApiServer Api { get; }
    public TestHome Home { get; }
    public string Wheels => scratch.Combine("wheels");
    public string TempRoot => scratch.Combine("tmp");
    public MetadataStore Metadata => new(new HomeLayout(Home.Root));

    /// <summary>Its own upstream (tests that move tags must not share one).</summary>
    public static async Task<StagingHome> CreateAsync(bool withWheels = true)
    {
        var work = new TempDirectory("a0-upstream");
        var upstream = await SampleUpstream.CreateAsync(SamplesDirectory.Locate(), work.Path, TestContext.Current.CancellationToken);
        var home = new StagingHome(upstream, GitHubApiServer.Start(upstream)) { upstreamDirectory = work };
        Directory.CreateDirectory(home.TempRoot);
        Directory.CreateDirectory(home.Wheels);
        if (withWheels) WheelBuilder.BuildAll(SamplesDirectory.WheelSources(SamplesDirectory.Locate()), home.Wheels);
        foreach (var (name, value) in DemoEnvironment.Git().Concat(DemoEnvironment.Pip(home.Wheels))) home.Home.Environment[name] = value;
        home.Home.Environment["TMPDIR"] = home.TempRoot;

        TestHome.RunGit(home.Home.Root, "clone", "--quiet", upstream.BareRepoPath, "agent-zero");
        home.Home.Git("-c", "advice.detachedHead=false", "checkout", "--quiet", "v0.9.7");
        if (withWheels) await SampleInstall.AddVenvAsync(home.Home.AppPath, Directory.EnumerateFiles(home.Wheels, "*.whl"));
        var init = home.Home.Run("init", "--repo", "agent0ai/agent-zero", "--api-url", home.Api.BaseUrl, "--clone-url", upstream.BareRepoPath);
        init.ExitCode.ShouldBe(0, init.ToString());
        var config = home.Metadata.Config;
        config.Write(config.Read() with { Staging = new Config.StagingConfig { MinFreeBytes = 16 * 1024 * 1024 } });
        return home;
    }

    /// <summary>A home where <paramref name="version"/> has been requested, approved and staged; fails the test when staging does not succeed.</summary>
    public static async Task<StagingHome> WithArtifactAsync(string version)
    {
        var home = await CreateAsync();
        try
        {
            home.Approve(version);
            var stage = home.Stage(version);
            stage.ExitCode.ShouldBe(0, stage.ToString());
            return home;
        }
        catch
        {
            await home.DisposeAsync();
            throw;
        }
    }

    /// <summary>request (as agent billy) and approve (as the human) one version.</summary>
    public void Approve(string version)
    {
        var request = Home.RunAs("billy", "request-upgrade", version, "--allow-prerelease");
        request.ExitCode.ShouldBe(0, request.ToString());
        var approve = Home.Run("approve", version);
        approve.ExitCode.ShouldBe(0, approve.ToString());
    }

    /// <summary>Rewrites .billy/config.json as the operator would edit it.</summary>
    public void Configure(Func<Config.A0Config, Config.A0Config> change) => Metadata.Config.Write(change(Metadata.Config.Read()));

    public CliResult Stage(string version, params string[] extra) => Home.Run(["begin-staging", version, .. extra]);

    public string? BuildOf(string version) => new FileInfo(Path.Combine(Home.Billy, "artifacts", version)).LinkTarget is { } target
        ? Path.GetFullPath(target, Path.Combine(Home.Billy, "artifacts"))
        : null;

    /// <summary>A digest of everything under the app path's release and the app path link itself: production must not change.</summary>
    public string ProductionDigest()
    {
        var release = Path.Combine(Home.Root, "releases", "v0.9.7");
        var lines = new List<string> { "link " + new FileInfo(Home.AppPath).LinkTarget };
        foreach (var path in Directory.EnumerateFileSystemEntries(release, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            lines.Add(info.LinkTarget is { } target ? $"l {path} {target}"
                : Directory.Exists(path) ? $"d {path}"
                : $"f {path} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}");
        }
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    public IReadOnlyList<string> LeftoverTempDirs() => Directory.EnumerateDirectories(TempRoot, "agent_zero_build_*").ToList();

    public ValueTask DisposeAsync()
    {
        Api.Dispose();
        Home.Dispose();
        scratch.Dispose();
        upstreamDirectory?.Dispose();
        return ValueTask.CompletedTask;
    }
}
