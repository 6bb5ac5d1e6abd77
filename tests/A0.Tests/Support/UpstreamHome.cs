using A0.Config;
using A0.Demo;
using A0.Home;
using A0.Storage;

namespace A0.Tests.Support;

/// <summary>
/// A home whose agent-zero/ is a real clone of a sample upstream's bare repo checked out at a release tag, initialised
/// against a loopback GitHub API over that same bare repo (or, with the git source, against the bare repo alone).
/// Network settings are shrunk so that retries and timeouts cost milliseconds, not minutes.
/// </summary>
public sealed class UpstreamHome : IDisposable
{
    public const string Repo = "agent0ai/agent-zero";

    private readonly GitHubApiServer? server;
    private bool serverStopped;

    private UpstreamHome(SampleUpstream upstream, TestHome home, GitHubApiServer? server)
    {
        Upstream = upstream;
        Home = home;
        this.server = server;
    }

    public SampleUpstream Upstream { get; }

    public TestHome Home { get; }

    public GitHubApiServer Server => server ?? throw new InvalidOperationException("a home on the git source has no API server");

    public MetadataStore Metadata => new(new HomeLayout(Home.Root));

    /// <summary>A home whose releases come from the GitHub API (at <c>/</c>, or under <c>/api/v3</c> with <paramref name="enterprise"/>).</summary>
    public static UpstreamHome WithApi(SampleUpstream upstream, bool enterprise = false, string checkoutTag = "v0.9.7")
    {
        var server = GitHubApiServer.Start(upstream);
        try
        {
            return Create(upstream, server, ["--api-url", enterprise ? server.EnterpriseApiUrl : server.BaseUrl], checkoutTag);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A home whose releases come from <c>git ls-remote</c> on the bare repo; no API is configured or running.</summary>
    public static UpstreamHome WithGit(SampleUpstream upstream, string checkoutTag = "v0.9.7") =>
        Create(upstream, null, ["--source", "git"], checkoutTag);

    private static UpstreamHome Create(SampleUpstream upstream, GitHubApiServer? server, string[] sourceOptions, string checkoutTag)
    {
        var home = new TestHome();
        try
        {
            TestHome.RunGit(home.Root, "clone", "-q", "--branch", checkoutTag, upstream.BareRepoPath, Path.GetFileName(home.AppPath));
            var init = home.Run(["init", "--repo", Repo, "--clone-url", upstream.BareRepoPath, .. sourceOptions]);
            init.ExitCode.ShouldBe(0, init.ToString());
            var created = new UpstreamHome(upstream, home, server);
            created.Configure(config => config with
            {
                Network = new NetworkConfig { TimeoutSeconds = 2, Retries = 3, RetryDelayMs = 10 },
                Staging = new StagingConfig { MinFreeBytes = 0 },
            });
            return created;
        }
        catch
        {
            home.Dispose();
            throw;
        }
    }

    /// <summary>Rewrites .billy/config.json as the operator would edit it.</summary>
    public void Configure(Func<A0Config, A0Config> change)
    {
        var config = Metadata.Config;
        config.Write(change(config.Read()));
    }

    public CliResult Run(params string[] args) => Home.Run(args);

    public CliResult Run(string[] args, IReadOnlyDictionary<string, string?> environment) => Home.Run(args, environment);

    public CliResult RunAs(string agent, params string[] args) => Home.RunAs(agent, args);

    /// <summary>Takes the API down: connections are refused from now on.</summary>
    public void StopApi()
    {
        if (serverStopped) return;
        serverStopped = true;
        server?.Dispose();
    }

    public void Dispose()
    {
        StopApi();
        Home.Dispose();
    }
}
