using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using A0.Config;
using A0.Storage;

namespace A0.Releases;

/// <summary>
/// GET against the GitHub REST API: token from GITHUB_TOKEN/GH_TOKEN (never printed), ETag-conditional requests cached in
/// .billy/cache/, rate limits reported as exit 7 with the reset time, 5xx and timeouts retried with backoff, then exit 7.
/// </summary>
public sealed class GitHubClient(A0Context context, A0Config config) : IDisposable
{
    private readonly HttpClient http = context.Http(new Uri(config.ApiUrl));

    /// <summary>The body of path (relative to api_url), or null on 404.</summary>
    public async Task<string?> GetAsync(string pathAndQuery, bool useCache, CancellationToken cancellationToken)
    {
        var url = config.ApiUrl.TrimEnd('/') + pathAndQuery;
        var cacheFile = new MetadataFile<CachedResponse>(Path.Combine(context.Home.Cache, CacheKey(url) + ".json"), A0Json.Default.CachedResponse);
        var cached = useCache ? cacheFile.ReadIfUsable() : null;

        for (var attempt = 0; ; attempt++)
        {
            var last = attempt >= config.Network.Retries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(config.Network.TimeoutSeconds));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(Request(url, cached), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var why = e is OperationCanceledException ? $"no answer within {config.Network.TimeoutSeconds} s" : e.Message;
                if (last) throw A0Exception.Unavailable($"the GitHub API at {config.ApiUrl} is unreachable after {attempt + 1} attempts: {why}");
                await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (IsRateLimited(response)) throw RateLimited(response);
                if (status >= 500)
                {
                    if (last) throw A0Exception.Unavailable($"the GitHub API at {config.ApiUrl} answered {status} {response.ReasonPhrase} {attempt + 1} times");
                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.NotModified && cached is not null) return cached.Body;
                if (response.StatusCode == HttpStatusCode.NotFound) return null;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw A0Exception.Unavailable($"the GitHub API answered {status} {response.ReasonPhrase} for {pathAndQuery}");
                }
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.Headers.ETag is { } etag) Remember(cacheFile, new CachedResponse(url, etag.ToString(), body));
                return body;
            }
        }
    }

    /// <summary>The cache only saves rate limit: a user who may not write .billy/ (an agent that reads) goes without it.</summary>
    private void Remember(MetadataFile<CachedResponse> file, CachedResponse response)
    {
        try
        {
            Directory.CreateDirectory(context.Home.Cache);
            file.Write(response);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or A0Exception { Code: "access_denied" })
        {
        }
    }

    private HttpRequestMessage Request(string url, CachedResponse? cached)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.UserAgent.ParseAdd("a0/1");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        if ((context.Variable("GITHUB_TOKEN") ?? context.Variable("GH_TOKEN")) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (cached is not null) request.Headers.TryAddWithoutValidation("If-None-Match", cached.ETag);
        return request;
    }

    private static bool IsRateLimited(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Forbidden && Header(response, "X-RateLimit-Remaining") == "0");

    private A0Exception RateLimited(HttpResponseMessage response)
    {
        DateTimeOffset? retryAt = null;
        if (long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            retryAt = DateTimeOffset.FromUnixTimeSeconds(reset);
        }
        else if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            retryAt = context.Now + delta;
        }
        var when = retryAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;
        return new A0Exception(ExitCode.Unavailable, "rate_limited",
            $"the GitHub API rate limit is exhausted{(when is null ? "" : $" until {when}")}; set GITHUB_TOKEN or retry later")
        {
            Details = when is null ? new Dictionary<string, JsonNode?>() : new Dictionary<string, JsonNode?> { ["retry_at"] = when },
        };
    }

    private Task BackoffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(config.Network.RetryDelayMs * Math.Pow(2, attempt)), context.Clock, cancellationToken);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string CacheKey(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..32];

    public void Dispose() => http.Dispose();
}
