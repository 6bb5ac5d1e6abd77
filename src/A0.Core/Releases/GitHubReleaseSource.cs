using System.Globalization;
using System.Text.Json;

namespace A0.Releases;

/// <summary>Releases and tags from the GitHub REST API (github.com or an Enterprise-style base URL); annotated tags peeled to their commit.</summary>
public sealed class GitHubReleaseSource(GitHubClient client, string repo) : IReleaseSource
{
    private const int PerPage = 100;
    private const int MaxPages = 10;
    private const int MaxTagDepth = 5;

    public string Name => "github";

    public async Task<ReleaseListing> ListAsync(bool forceCheck, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var releases = new List<ReleaseInfo>();
        foreach (var item in await PagesAsync("releases", forceCheck, cancellationToken).ConfigureAwait(false))
        {
            if (item.TryGetProperty("draft", out var draft) && draft.ValueKind == JsonValueKind.True) continue;
            var name = item.TryGetProperty("tag_name", out var tagName) && tagName.ValueKind == JsonValueKind.String ? tagName.GetString()! : "";
            if (!ReleaseVersion.TryParse(name, out var version))
            {
                warnings.Add(UnsafeName.Skipped("the GitHub API", name));
                continue;
            }
            var published = item.TryGetProperty("published_at", out var at) && at.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;
            var prerelease = (item.TryGetProperty("prerelease", out var flag) && flag.ValueKind == JsonValueKind.True) || version.IsPrerelease;
            releases.Add(new ReleaseInfo(version, published, prerelease));
        }

        if (releases.Count == 0)
        {
            // A repository that only tags (no GitHub releases) is listed from its tags.
            foreach (var item in await PagesAsync("tags", forceCheck, cancellationToken).ConfigureAwait(false))
            {
                var name = item.TryGetProperty("name", out var tagName) && tagName.ValueKind == JsonValueKind.String ? tagName.GetString()! : "";
                if (ReleaseVersion.TryParse(name, out var version)) releases.Add(new ReleaseInfo(version, null, version.IsPrerelease));
                else warnings.Add(UnsafeName.Skipped("the GitHub API", name));
            }
        }
        return new ReleaseListing(releases.DistinctBy(r => r.Tag).OrderByDescending(r => r.Version).ToList(), warnings);
    }

    public async Task<ResolvedTag?> ResolveAsync(string tag, CancellationToken cancellationToken)
    {
        TagName.Require(tag);
        var reference = await client.GetAsync($"/repos/{repo}/git/ref/tags/{tag}", useCache: false, cancellationToken).ConfigureAwait(false);
        if (reference is null) return null;
        var (sha, type) = ObjectOf(reference, "ref");
        string? tagObject = null;
        for (var depth = 0; type == "tag"; depth++)
        {
            if (depth >= MaxTagDepth) throw A0Exception.Integrity($"tag {tag} nests more than {MaxTagDepth} tag objects");
            tagObject ??= sha;
            var annotated = await client.GetAsync($"/repos/{repo}/git/tags/{sha}", useCache: false, cancellationToken).ConfigureAwait(false)
                ?? throw A0Exception.Integrity($"the GitHub API lists tag object {sha} for {tag} but cannot show it");
            (sha, type) = ObjectOf(annotated, "tag object");
        }
        return type == "commit"
            ? new ResolvedTag(tag, sha, tagObject)
            : throw A0Exception.Integrity($"tag {tag} points to a {type}, not a commit");
    }

    private async Task<List<JsonElement>> PagesAsync(string listing, bool forceCheck, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await client.GetAsync($"/repos/{repo}/{listing}?per_page={PerPage}&page={page}", useCache: !forceCheck, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                if (page == 1) throw A0Exception.Unavailable($"the GitHub API does not know the repository {repo}");
                break;
            }
            using var document = Parse(response);
            if (document.RootElement.ValueKind != JsonValueKind.Array) throw A0Exception.Unavailable($"the GitHub API answered something other than a list for {listing}");
            items.AddRange(document.RootElement.EnumerateArray().Select(e => e.Clone()));
            if (document.RootElement.GetArrayLength() < PerPage) break;
        }
        return items;
    }

    private static (string Sha, string Type) ObjectOf(string body, string what)
    {
        using var document = Parse(body);
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("object", out var target)
            && target.ValueKind == JsonValueKind.Object
            && target.TryGetProperty("sha", out var sha) && GitSha.IsValid(sha.GetString())
            && target.TryGetProperty("type", out var type) && type.GetString() is "commit" or "tag" or "tree" or "blob")
        {
            return (sha.GetString()!, type.GetString()!);
        }
        throw A0Exception.Unavailable($"the GitHub API answered a malformed {what}");
    }

    private static JsonDocument Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw A0Exception.Unavailable($"the GitHub API answered invalid JSON: {e.Message}");
        }
    }
}
