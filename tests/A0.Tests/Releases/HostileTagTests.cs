using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class HostileTagTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    private static readonly string TenKilobytes = "v" + new string('1', 10_240);
    private static readonly string Overflowing = "v" + new string('9', 30);

    [Fact]
    public void Hostile_tag_names_from_the_api_are_skipped_with_a_warning_and_the_releases_still_listed()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        string[] hostile = ["v1; rm -rf ~", "../x", "-oProxyCommand=x", "v2\nv3", "v4\0", "v0.9.9\n", TenKilobytes, "v1.0.0-" + new string('a', 58), Overflowing, ""];
        foreach (var name in hostile)
        {
            home.Server.Faults.AddFakeTag(name, fixture.Upstream["v0.9.8.1"].CommitSha);
        }

        var json = home.Run("check-updates", "--allow-prerelease", "--json");
        var text = home.Run("check-updates");

        json.ExitCode.ShouldBe(0, json.ToString());
        json.Json["releases"]!.AsArray().Select(r => r!["version"]!.GetValue<string>()).ShouldBe(["v1.0.0-beta.1", "v0.9.8.1", "v0.9.8", "v0.9.7"]);
        json.Json["warnings"]!.AsArray().Count.ShouldBe(hostile.Length);
        json.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("skipped", StringComparison.Ordinal)).ShouldBe(hostile.Length);
        text.ExitCode.ShouldBe(0, text.ToString());
        text.Out.ShouldContain("Newer release available: v0.9.8.1");
        foreach (var output in new[] { json.Out, json.Error, text.Out, text.Error })
        {
            output.ShouldNotContain("v2\nv3");
            output.ShouldNotContain("\0");
            output.ShouldNotContain(TenKilobytes);
            output.Length.ShouldBeLessThan(8_000);
        }
        text.Error.ShouldContain(@"'v2\x0av3'");
    }

    [Fact]
    public void Hostile_names_the_api_lists_never_become_a_request()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        home.Server.Faults.AddFakeTag("v1; rm -rf ~");
        home.Server.Faults.AddFakeTag("v0.9.9\n");

        var injected = home.Run("request-upgrade", "v1; rm -rf ~");
        var newline = home.Run("request-upgrade", "v0.9.9\n");
        var valid = home.Run("request-upgrade", "v0.9.8.1");

        (injected.ExitCode, newline.ExitCode, valid.ExitCode).ShouldBe((2, 2, 0));
        home.Metadata.PendingApproval.Read().Version.ShouldBe("v0.9.8.1");
        home.Server.Requests.ShouldNotContain(r => r.Path.Contains("rm", StringComparison.Ordinal) || r.Path.Contains("v0.9.9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hostile_tags_in_the_repository_are_skipped_by_both_sources_and_the_releases_still_work()
    {
        using var temp = new TempDirectory("a0-hostile");
        var upstream = await SampleUpstream.CreateAsync(SamplesDirectory.Locate(), temp.Path, TestContext.Current.CancellationToken);
        using var git = UpstreamHome.WithGit(upstream);
        using var api = UpstreamHome.WithApi(upstream);
        var commit = upstream["v0.9.8"].CommitSha;
        string[] hostile = ["v1; rm -rf ~", "v1$(id)", "-oProxyCommand=x", "v2\nv3", "v0.9.8\n", "v0.9.8.1\nv0.9.7", "v1.0`id`", Overflowing, "v0.9.9-" + new string('a', 60)];
        foreach (var name in hostile)
        {
            await upstream.AddRawTagAsync(name, commit, TestContext.Current.CancellationToken);
        }

        var gitList = git.Run("check-updates", "--json");
        var apiList = api.Run("check-updates", "--json");
        var gitRequest = git.Run("request-upgrade", "v0.9.8");
        var apiRequest = api.Run("request-upgrade", "v0.9.8.1");
        var gitApprove = git.Run("approve", "v0.9.8", "--self");
        var apiApprove = api.Run("approve", "v0.9.8.1", "--self");

        gitList.ExitCode.ShouldBe(0, gitList.ToString());
        gitList.Json["releases"]!.AsArray().Select(r => r!["version"]!.GetValue<string>()).ShouldBe(["v0.9.8.1", "v0.9.8", "v0.9.7"]);
        gitList.Error.ShouldContain("skipped");
        gitList.Error.ShouldNotContain("v2\nv3");
        apiList.ExitCode.ShouldBe(0, apiList.ToString());
        apiList.Json["releases"]!.AsArray().Select(r => r!["version"]!.GetValue<string>()).ShouldBe(["v0.9.8.1", "v0.9.8", "v0.9.7"]);
        gitRequest.ExitCode.ShouldBe(0, gitRequest.ToString());
        apiRequest.ExitCode.ShouldBe(0, apiRequest.ToString());
        gitApprove.ExitCode.ShouldBe(0, gitApprove.ToString());
        apiApprove.ExitCode.ShouldBe(0, apiApprove.ToString());
        git.Metadata.PendingApproval.Read().CommitSha.ShouldBe(commit);
    }

    [Fact]
    public async Task A_repository_that_only_tags_is_listed_from_its_tags_without_the_hostile_ones()
    {
        using var temp = new TempDirectory("a0-tags-only");
        var upstream = await SampleUpstream.CreateAsync(SamplesDirectory.Locate(), temp.Path, TestContext.Current.CancellationToken);
        using var server = GitHubApiServer.Start(upstream.BareRepoPath, []);
        using var home = UpstreamHome.WithGit(upstream);
        await upstream.AddRawTagAsync("v1$(id)", upstream["v0.9.8"].CommitSha, TestContext.Current.CancellationToken);
        await upstream.AddRawTagAsync(Overflowing, upstream["v0.9.8"].CommitSha, TestContext.Current.CancellationToken);
        home.Configure(config => config with { Source = "github", ApiUrl = server.BaseUrl });

        var json = home.Run("check-updates", "--allow-prerelease", "--json");

        json.ExitCode.ShouldBe(0, json.ToString());
        json.Json["releases"]!.AsArray().Select(r => r!["version"]!.GetValue<string>()).ShouldBe(["v1.0.0-beta.1", "v0.9.8.1", "v0.9.8", "v0.9.7"]);
        json.Json["warnings"]!.AsArray().Count.ShouldBe(2);
        server.Requests.ShouldContain(r => r.Path.StartsWith("/repos/agent0ai/agent-zero/tags", StringComparison.Ordinal));
    }
}
