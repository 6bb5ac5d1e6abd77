using System.Text.Json.Serialization;

namespace A0.Demo;

internal sealed record ApiRelease(
    long Id, string Url, string HtmlUrl, string TagName, string TargetCommitish, string Name, string Body,
    bool Draft, bool Prerelease, string CreatedAt, string PublishedAt);

internal sealed record ApiTag(string Name, ApiCommit Commit, string ZipballUrl, string TarballUrl);

internal sealed record ApiCommit(string Sha, string Url);

internal sealed record ApiObject(string Sha, string Type, string Url);

internal sealed record ApiRef(string Ref, string Url, ApiObject Object);

internal sealed record ApiTagger(string Name, string Email, string Date);

internal sealed record ApiTagObject(string Sha, string Url, string Tag, string Message, ApiTagger Tagger, ApiObject Object);

internal sealed record ApiOwner(string Login);

internal sealed record ApiRepository(string Name, string FullName, ApiOwner Owner, string HtmlUrl, string CloneUrl, string DefaultBranch);

internal sealed record ApiError(string Message, string DocumentationUrl);

/// <summary>The GitHub REST shapes the fake API serves, in GitHub's snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<ApiRelease>))]
[JsonSerializable(typeof(List<ApiTag>))]
[JsonSerializable(typeof(ApiRef))]
[JsonSerializable(typeof(ApiTagObject))]
[JsonSerializable(typeof(ApiRepository))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class GitHubJson : JsonSerializerContext;
