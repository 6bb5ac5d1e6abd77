using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Demo;

public sealed class GitHubApiServerTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>, IDisposable
{
    private const string Repo = "/repos/agent0ai/agent-zero";

    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2025, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SampleUpstream upstream = fixture.Upstream;
    private GitHubApiServer? server;

    private GitHubApiServer Server => server ??= GitHubApiServer.Start(upstream, new GitHubApiServerOptions { Time = clock });

    public void Dispose()
    {
        server?.Dispose();
        http.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/api/v3")]
    public async Task Releases_are_listed_newest_first_under_both_prefixes(string prefix)
    {
        var releases = await GetJsonAsync($"{prefix}{Repo}/releases?per_page=100&page=1");

        releases.EnumerateArray().Select(r => r.GetProperty("tag_name").GetString()).ShouldBe(["v1.0.0-beta.1", "v0.9.8.1", "v0.9.8", "v0.9.7"]);
        var beta = releases[0];
        beta.GetProperty("prerelease").GetBoolean().ShouldBeTrue();
        beta.GetProperty("draft").GetBoolean().ShouldBeFalse();
        beta.GetProperty("published_at").GetString().ShouldBe("2025-11-10T10:00:00Z");
        beta.GetProperty("name").GetString().ShouldBe("v1.0.0-beta.1");
        beta.GetProperty("html_url").GetString().ShouldStartWith(Server.BaseUrl);
        releases[1].GetProperty("prerelease").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/api/v3")]
    public async Task Tags_name_the_commits_they_peel_to_under_both_prefixes(string prefix)
    {
        var tags = await GetJsonAsync($"{prefix}{Repo}/tags?per_page=100");

        tags.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("commit").GetProperty("sha").GetString())
            .ShouldBe(upstream.Releases.ToDictionary(r => r.Tag, r => (string?)r.CommitSha), ignoreOrder: true);
    }

    [Theory]
    [InlineData("", "ref")]
    [InlineData("/api/v3", "refs")]
    public async Task An_annotated_tag_ref_leads_through_its_tag_object_to_the_commit(string prefix, string refPath)
    {
        var release = upstream["v0.9.8.1"];

        var reference = await GetJsonAsync($"{prefix}{Repo}/git/{refPath}/tags/v0.9.8.1");
        var tag = await GetJsonAsync($"{prefix}{Repo}/git/tags/{release.TagObjectSha}");

        reference.GetProperty("ref").GetString().ShouldBe("refs/tags/v0.9.8.1");
        reference.GetProperty("object").GetProperty("type").GetString().ShouldBe("tag");
        reference.GetProperty("object").GetProperty("sha").GetString().ShouldBe(release.TagObjectSha);
        tag.GetProperty("sha").GetString().ShouldBe(release.TagObjectSha);
        tag.GetProperty("tag").GetString().ShouldBe("v0.9.8.1");
        tag.GetProperty("message").GetString()!.ShouldContain("response tool");
        tag.GetProperty("object").GetProperty("type").GetString().ShouldBe("commit");
        tag.GetProperty("object").GetProperty("sha").GetString().ShouldBe(release.CommitSha);
    }

    [Fact]
    public async Task A_lightweight_tag_ref_names_its_commit()
    {
        var reference = await GetJsonAsync($"{Repo}/git/ref/tags/v0.9.8");

        reference.GetProperty("object").GetProperty("type").GetString().ShouldBe("commit");
        reference.GetProperty("object").GetProperty("sha").GetString().ShouldBe(upstream["v0.9.8"].CommitSha);
    }

    [Theory]
    [InlineData(Repo + "/git/ref/tags/v9.9.9")]
    [InlineData(Repo + "/git/tags/0000000000000000000000000000000000000000")]
    [InlineData(Repo + "/git/tags/not-a-sha")]
    [InlineData("/repos/someone/else/tags")]
    [InlineData("/api/v3/nothing/here")]
    public async Task What_does_not_exist_is_not_found(string path)
    {
        using var response = await GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReadJsonAsync(response)).GetProperty("message").GetString().ShouldBe("Not Found");
    }

    [Fact]
    public async Task The_repository_gives_the_bare_repo_as_its_clone_url()
    {
        var repository = await GetJsonAsync(Repo);

        repository.GetProperty("full_name").GetString().ShouldBe("agent0ai/agent-zero");
        repository.GetProperty("clone_url").GetString().ShouldBe(upstream.BareRepoPath);
    }

    [Fact]
    public async Task Long_lists_come_in_pages_linked_by_the_link_header()
    {
        using var first = await GetAsync($"/api/v3{Repo}/releases?per_page=3&page=1");
        using var second = await GetAsync($"/api/v3{Repo}/releases?per_page=3&page=2");

        (await ReadJsonAsync(first)).GetArrayLength().ShouldBe(3);
        (await ReadJsonAsync(second)).GetArrayLength().ShouldBe(1);
        var link = string.Join(", ", first.Headers.GetValues("Link"));
        link.ShouldContain($"<{Server.EnterpriseApiUrl}{Repo}/releases?per_page=3&page=2>; rel=\"next\"");
        link.ShouldContain("page=2>; rel=\"last\"");
        string.Join(", ", second.Headers.GetValues("Link")).ShouldContain("page=1>; rel=\"prev\"");
        second.Headers.GetValues("Link").ShouldNotContain(l => l.Contains("rel=\"next\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_repeating_the_etag_gets_304_until_a_tag_moves()
    {
        using var temp = new TempDirectory();
        var moving = await SampleUpstream.CreateAsync(SamplesDirectory.Locate(), temp.Path, TestContext.Current.CancellationToken);
        using var api = GitHubApiServer.Start(moving);
        using var first = await GetAsync($"{Repo}/tags", from: api);
        var etag = first.Headers.ETag!;

        using var unchanged = await GetAsync($"{Repo}/tags", etag, api);
        await moving.MoveTagAsync("v0.9.8", moving["v0.9.7"].CommitSha, TestContext.Current.CancellationToken);
        using var changed = await GetAsync($"{Repo}/tags", etag, api);

        unchanged.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await unchanged.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag.ShouldNotBe(etag);
        var tags = await ReadJsonAsync(changed);
        tags.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "v0.9.8")
            .GetProperty("commit").GetProperty("sha").GetString().ShouldBe(moving["v0.9.7"].CommitSha);
        api.Requests.Count(r => r.Header("If-None-Match") == etag.Tag).ShouldBe(2);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task A_rate_limited_api_says_when_it_resets_until_cleared(int statusCode)
    {
        var reset = clock.Now.AddMinutes(10);
        Server.Faults.RateLimit(reset, statusCode);

        using var limited = await GetAsync($"{Repo}/releases");
        Server.Faults.Clear();
        using var cleared = await GetAsync($"{Repo}/releases");

        ((int)limited.StatusCode).ShouldBe(statusCode);
        limited.Headers.GetValues("X-RateLimit-Remaining").ShouldBe(["0"]);
        limited.Headers.GetValues("X-RateLimit-Reset").ShouldBe([$"{reset.ToUnixTimeSeconds()}"]);
        limited.Headers.Contains("Retry-After").ShouldBe(statusCode == 429);
        if (statusCode == 429)
        {
            limited.Headers.GetValues("Retry-After").ShouldBe(["600"]);
        }
        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Server_errors_come_as_many_times_as_asked_then_the_api_recovers()
    {
        Server.Faults.FailNext(2, 502);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await GetAsync($"{Repo}/tags");
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK]);
    }

    [Fact]
    public async Task A_stalled_api_accepts_requests_and_never_answers()
    {
        Server.Faults.Stall();
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        await Should.ThrowAsync<TaskCanceledException>(() => impatient.GetAsync($"{Server.BaseUrl}{Repo}/tags", TestContext.Current.CancellationToken));

        Server.Requests.ShouldContain(r => r.Path == $"{Repo}/tags");
    }

    [Fact]
    public async Task An_overridden_tag_names_the_wrong_commit_wherever_it_is_peeled()
    {
        const string Wrong = "1111111111111111111111111111111111111111";
        Server.Faults.OverrideTagCommit("v0.9.8", Wrong);
        Server.Faults.OverrideTagCommit("v0.9.8.1", Wrong);

        var tags = await GetJsonAsync($"{Repo}/tags");
        var lightweight = await GetJsonAsync($"{Repo}/git/ref/tags/v0.9.8");
        var annotated = await GetJsonAsync($"{Repo}/git/ref/tags/v0.9.8.1");
        var tagObject = await GetJsonAsync($"{Repo}/git/tags/{upstream["v0.9.8.1"].TagObjectSha}");

        tags.EnumerateArray().Where(t => t.GetProperty("commit").GetProperty("sha").GetString() == Wrong)
            .Select(t => t.GetProperty("name").GetString()).ShouldBe(["v0.9.8.1", "v0.9.8"], ignoreOrder: true);
        lightweight.GetProperty("object").GetProperty("sha").GetString().ShouldBe(Wrong);
        annotated.GetProperty("object").GetProperty("sha").GetString().ShouldBe(upstream["v0.9.8.1"].TagObjectSha);
        tagObject.GetProperty("object").GetProperty("sha").GetString().ShouldBe(Wrong);
    }

    [Fact]
    public async Task Fake_tags_with_hostile_names_are_listed_as_tags_and_releases_but_git_lacks_them()
    {
        string[] hostile = ["v1; rm -rf ~", "../x", "v2\nv3", "v4\0", new string('9', 10_000)];
        foreach (var name in hostile)
        {
            Server.Faults.AddFakeTag(name);
        }

        var tags = (await GetJsonAsync($"{Repo}/tags")).EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        var releases = (await GetJsonAsync($"{Repo}/releases")).EnumerateArray().Select(r => r.GetProperty("tag_name").GetString()!).ToList();
        var reference = await GetJsonAsync($"{Repo}/git/ref/tags/{Uri.EscapeDataString("../x")}");

        hostile.ShouldBeSubsetOf(tags);
        hostile.ShouldBeSubsetOf(releases);
        reference.GetProperty("ref").GetString().ShouldBe("refs/tags/../x");
        var lsRemote = await TestProcess.OutputAsync("git", ["ls-remote", "--tags", upstream.BareRepoPath], environment: DemoEnvironment.Git(), cancellationToken: TestContext.Current.CancellationToken);
        lsRemote.ShouldNotContain("rm -rf");
    }

    [Fact]
    public async Task Requests_are_recorded_with_their_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Server.EnterpriseApiUrl}{Repo}/releases?per_page=100&page=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var recorded = Server.Requests.ShouldHaveSingleItem();
        recorded.Method.ShouldBe("GET");
        recorded.Path.ShouldBe($"/api/v3{Repo}/releases?per_page=100&page=1");
        recorded.Header("authorization").ShouldBe("Bearer t0ken");
    }

    [Fact]
    public async Task A_taken_port_makes_the_server_listen_on_another()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        using var second = GitHubApiServer.Start(upstream, new GitHubApiServerOptions { PreferredPort = taken });
        using var response = await http.GetAsync($"{second.BaseUrl}{Repo}/tags", TestContext.Current.CancellationToken);

        second.Port.ShouldNotBe(taken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, EntityTagHeaderValue? ifNoneMatch = null, GitHubApiServer? from = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, (from ?? Server).BaseUrl + path);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        response.Headers.ETag.ShouldNotBeNull();
        return await ReadJsonAsync(response);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}
