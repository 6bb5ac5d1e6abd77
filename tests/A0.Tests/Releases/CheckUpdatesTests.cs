using System.Net;
using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class CheckUpdatesTests(SampleUpstreamFixture fixture) : IClassFixture<SampleUpstreamFixture>
{
    private const string Token = "ghp_ThisTokenMustNeverBeShown0123456789abcd";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Newer_releases_are_listed_newest_first_with_the_prerelease_left_out(bool enterprise)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream, enterprise);

        var json = home.Run("check-updates", "--json");
        var text = home.Run("check-updates");

        json.ExitCode.ShouldBe(0, json.ToString());
        json.Json["current_version"]!.GetValue<string>().ShouldBe("v0.9.7");
        Releases(json.Json).ShouldBe(
        [
            Expected("v0.9.8.1", isNewer: true),
            Expected("v0.9.8", isNewer: true),
            Expected("v0.9.7", isNewer: false),
        ]);
        text.ExitCode.ShouldBe(0, text.ToString());
        text.Out.ShouldContain("Newer release available: v0.9.8.1 (current v0.9.7)");
        text.Out.ShouldNotContain("v1.0.0-beta.1");
        text.Out.IndexOf("v0.9.8.1", StringComparison.Ordinal).ShouldBeLessThan(text.Out.IndexOf("v0.9.8 ", StringComparison.Ordinal));
        var prefix = enterprise ? "/api/v3/repos/agent0ai/agent-zero/" : "/repos/agent0ai/agent-zero/";
        home.Server.Requests.ShouldNotBeEmpty();
        home.Server.Requests.ShouldAllBe(r => r.Path.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_allow_prerelease_the_beta_is_listed_first(bool enterprise)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream, enterprise);

        var json = home.Run("check-updates", "--allow-prerelease", "--json");
        var text = home.Run("check-updates", "--allow-prerelease");

        json.ExitCode.ShouldBe(0, json.ToString());
        Releases(json.Json).ShouldBe(
        [
            Expected("v1.0.0-beta.1", isNewer: true),
            Expected("v0.9.8.1", isNewer: true),
            Expected("v0.9.8", isNewer: true),
            Expected("v0.9.7", isNewer: false),
        ]);
        text.Out.ShouldContain("Newer release available: v1.0.0-beta.1");
    }

    [Fact]
    public void A_home_on_plain_git_lists_the_same_releases_without_dates()
    {
        using var home = UpstreamHome.WithGit(fixture.Upstream);

        var json = home.Run("check-updates", "--allow-prerelease", "--json");

        json.ExitCode.ShouldBe(0, json.ToString());
        json.Json["source"]!.GetValue<string>().ShouldBe("git");
        json.Json["releases"]!.AsArray().Select(r => (
                r!["version"]!.GetValue<string>(), r["published_at"], r["prerelease"]!.GetValue<bool>(), r["is_newer"]!.GetValue<bool>()))
            .ShouldBe(
            [
                ("v1.0.0-beta.1", null, true, true),
                ("v0.9.8.1", null, false, true),
                ("v0.9.8", null, false, true),
                ("v0.9.7", null, false, false),
            ]);
    }

    [Fact]
    public async Task A_second_check_sends_the_cached_etag_and_force_check_does_not()
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);

        var first = home.Run("check-updates", "--json");
        var second = home.Run("check-updates", "--json");
        var forced = home.Run("check-updates", "--force-check", "--json");

        first.ExitCode.ShouldBe(0, first.ToString());
        second.Out.ShouldBe(first.Out);
        forced.Out.ShouldBe(first.Out);
        var listings = home.Server.Requests.Where(r => r.Path.Contains("/releases", StringComparison.Ordinal)).ToList();
        listings.Count.ShouldBe(3);
        listings[0].Header("If-None-Match").ShouldBeNull();
        listings[2].Header("If-None-Match").ShouldBeNull();
        var etag = listings[1].Header("If-None-Match");
        etag.ShouldNotBeNull();
        var cached = Directory.GetFiles(Path.Combine(home.Home.Billy, "cache"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList();
        cached.ShouldContain(c => c["e_tag"]!.GetValue<string>() == etag);

        // The server answers that If-None-Match with 304: the listing had not changed.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, home.Server.BaseUrl + listings[1].Path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("GH_TOKEN")]
    public void The_token_is_sent_to_the_api_and_shown_nowhere(string variable)
    {
        using var home = UpstreamHome.WithApi(fixture.Upstream);
        var environment = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = null, ["GH_TOKEN"] = null, [variable] = Token };

        CliResult[] results =
        [
            home.Run(["check-updates"], environment),
            home.Run(["check-updates", "--json"], environment),
            home.Run(["request-upgrade", "v9.9.9"], environment),
            home.Run(["request-upgrade", "v0.9.8.1", "--json"], environment),
            home.Run(["approve", "v0.9.8.1", "--self"], environment),
        ];
        home.Server.Faults.RateLimit(DateTimeOffset.UtcNow.AddHours(1));
        CliResult[] refused = [home.Run(["check-updates", "--force-check", "--json"], environment), home.Run(["check-updates"], environment)];

        results.Select(r => r.ExitCode).ShouldBe([0, 0, 2, 0, 0]);
        refused.Select(r => r.ExitCode).ShouldBe([7, 7]);
        home.Server.Requests.Count.ShouldBeGreaterThan(5);
        home.Server.Requests.ShouldAllBe(r => r.Header("Authorization") == "Bearer " + Token);
        foreach (var result in results.Concat(refused))
        {
            result.Out.ShouldNotContain(Token);
            result.Error.ShouldNotContain(Token);
        }
        var written = Directory.EnumerateFiles(home.Home.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).ToList();
        written.ShouldContain(f => f.Contains("/.billy/cache/", StringComparison.Ordinal));
        written.ShouldContain(home.Home.AuditLog);
        foreach (var file in written)
        {
            File.ReadAllText(file).ShouldNotContain(Token, customMessage: file);
        }
    }

    private (string Version, DateTimeOffset? PublishedAt, bool Prerelease, bool IsNewer) Expected(string tag, bool isNewer)
    {
        var release = fixture.Upstream[tag];
        return (tag, release.PublishedAt, release.Prerelease, isNewer);
    }

    private static List<(string Version, DateTimeOffset? PublishedAt, bool Prerelease, bool IsNewer)> Releases(JsonObject document) =>
        document["releases"]!.AsArray().Select(r => (
            r!["version"]!.GetValue<string>(),
            r["published_at"] is { } at ? DateTimeOffset.Parse(at.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null,
            r["prerelease"]!.GetValue<bool>(),
            r["is_newer"]!.GetValue<bool>())).ToList();
}
