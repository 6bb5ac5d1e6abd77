using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using A0.Processes;

namespace A0.Demo;

/// <summary>
/// A loopback GitHub REST API for one repository, answering from a live bare repo on every request (releases, tags,
/// tag refs and tag objects), under both <c>/</c> and GitHub Enterprise's <c>/api/v3/</c>. Every 200 carries an ETag and
/// a matching If-None-Match gets 304. <see cref="Faults"/> makes it misbehave; <see cref="Requests"/> shows what clients sent.
/// </summary>
public sealed class GitHubApiServer : IDisposable
{
    private const string EnterprisePrefix = "/api/v3";
    private const int MaxPortAttempts = 20;

    private readonly HttpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly DemoGit git = new(new ProcessRunner());
    private readonly string bareRepoPath;
    private readonly Func<IEnumerable<ReleaseMetadata>> releases;
    private readonly TimeProvider time;
    private readonly Lock requestsGate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly Task acceptLoop;

    private GitHubApiServer(HttpListener listener, int port, string bareRepoPath, Func<IEnumerable<ReleaseMetadata>> releases, GitHubApiServerOptions options)
    {
        this.listener = listener;
        this.bareRepoPath = bareRepoPath;
        this.releases = releases;
        time = options.Time;
        Port = port;
        (Owner, Name) = options.Repository.Split('/') is [var owner, var name]
            ? (owner, name)
            : throw new ArgumentException($"'{options.Repository}' is not owner/name", nameof(options));
        Faults = new ApiFaults(time);
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT, the api.github.com of this server.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The same API under the GitHub Enterprise prefix.</summary>
    public string EnterpriseApiUrl => BaseUrl + EnterprisePrefix;

    public string Owner { get; }

    public string Name { get; }

    public ApiFaults Faults { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requestsGate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>Serves the upstream's releases as they are when asked (a release added later is listed too).</summary>
    public static GitHubApiServer Start(SampleUpstream upstream, GitHubApiServerOptions? options = null) =>
        Start(upstream.BareRepoPath, () => upstream.Releases.Select(r => r.Metadata), options);

    /// <summary>Starts serving <paramref name="bareRepoPath"/>; only tags with an entry in <paramref name="releases"/> are releases.</summary>
    public static GitHubApiServer Start(string bareRepoPath, IEnumerable<ReleaseMetadata> releases, GitHubApiServerOptions? options = null)
    {
        IReadOnlyList<ReleaseMetadata> fixedReleases = [.. releases];
        return Start(bareRepoPath, () => fixedReleases, options);
    }

    private static GitHubApiServer Start(string bareRepoPath, Func<IEnumerable<ReleaseMetadata>> releases, GitHubApiServerOptions? options)
    {
        options ??= new GitHubApiServerOptions();
        for (var attempt = 1; ; attempt++)
        {
            var port = attempt == 1 && options.PreferredPort > 0 ? options.PreferredPort : FreeLoopbackPort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new GitHubApiServer(listener, port, Path.GetFullPath(bareRepoPath), releases, options);
            }
            catch (Exception e) when (e is HttpListenerException or SocketException && attempt < MaxPortAttempts)
            {
                listener.Close();
            }
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Close();
        acceptLoop.Wait(TimeSpan.FromSeconds(5));
        stopping.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            Record(request);
            var reply = Faults.Next() switch
            {
                ApiFault.Stall => await StallAsync().ConfigureAwait(false),
                ApiFault.RateLimited limit => RateLimited(limit),
                ApiFault.ServerError error => Error(error.StatusCode, "Server Error"),
                _ => await RouteAsync(request).ConfigureAwait(false),
            };
            await SendAsync(context, reply).ConfigureAwait(false);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            context.Response.Abort();
        }
        catch (Exception e)
        {
            try
            {
                await SendAsync(context, Error(500, e.Message)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                context.Response.Abort();
            }
        }
    }

    private void Record(HttpListenerRequest request)
    {
        var headers = request.Headers.AllKeys.OfType<string>()
            .ToDictionary(k => k, k => request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        lock (requestsGate)
        {
            requests.Add(new RecordedRequest(request.HttpMethod, request.RawUrl ?? "/", headers));
        }
    }

    private async Task<ApiReply> StallAsync()
    {
        await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        throw new OperationCanceledException();
    }

    private async Task<ApiReply> RouteAsync(HttpListenerRequest request)
    {
        var path = (request.RawUrl ?? "/").Split('?')[0];
        var prefix = path.StartsWith(EnterprisePrefix + "/", StringComparison.Ordinal) ? EnterprisePrefix : "";
        string[] segments = [.. path[prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
        if (request.HttpMethod != "GET"
            || segments is not ["repos", var owner, var name, ..]
            || !owner.Equals(Owner, StringComparison.OrdinalIgnoreCase)
            || !name.Equals(Name, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        var api = $"{BaseUrl}{prefix}/repos/{Owner}/{Name}";
        return segments[3..] switch
        {
            [] => Ok(Repository(), GitHubJson.Default.ApiRepository),
            ["releases"] => Paged(await ReleasesAsync(api).ConfigureAwait(false), GitHubJson.Default.ListApiRelease, request, $"{api}/releases"),
            ["tags"] => Paged(await TagListAsync(api).ConfigureAwait(false), GitHubJson.Default.ListApiTag, request, $"{api}/tags"),
            ["git", "ref" or "refs", "tags", .. var tag] when tag.Length > 0 => await RefAsync(api, string.Join('/', tag)).ConfigureAwait(false),
            ["git", "tags", var sha] => await TagObjectAsync(api, sha).ConfigureAwait(false),
            _ => NotFound(),
        };
    }

    private ApiRepository Repository() =>
        new(Name, $"{Owner}/{Name}", new ApiOwner(Owner), $"{BaseUrl}/{Owner}/{Name}", bareRepoPath, "main");

    /// <summary>The tags as the API tells them: git's, with overridden commits, plus the fake ones.</summary>
    private async Task<List<GitTag>> TagsAsync()
    {
        var tags = (await GitTags.ReadAsync(git, bareRepoPath, stopping.Token).ConfigureAwait(false))
            .Select(t => Faults.CommitOverride(t.Name) is not { } sha ? t
                : t.Annotated ? t with { CommitSha = sha }
                : t with { ObjectSha = sha, CommitSha = sha })
            .ToList();
        tags.AddRange(Faults.FakeTags.Select(f => new GitTag(f.Name, f.CommitSha, Annotated: false, f.CommitSha)));
        return tags;
    }

    private async Task<List<ApiRelease>> ReleasesAsync(string api)
    {
        var tags = (await TagsAsync().ConfigureAwait(false)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var published = releases()
            .Select((r, index) => (Id: index + 1L, r.Tag, r.Prerelease, r.PublishedAt, Body: r.Message))
            .Where(r => tags.Contains(r.Tag))
            .Concat(Faults.FakeTags.Select((f, index) => (Id: 1000L + index, Tag: f.Name, f.Prerelease, f.PublishedAt, Body: "")));
        return [.. published
            .OrderByDescending(r => r.PublishedAt)
            .ThenByDescending(r => r.Tag, StringComparer.Ordinal)
            .Select(r => new ApiRelease(
                r.Id, $"{api}/releases/{r.Id}", $"{BaseUrl}/{Owner}/{Name}/releases/tag/{Uri.EscapeDataString(r.Tag)}",
                r.Tag, "main", r.Tag, r.Body, Draft: false, r.Prerelease, Timestamp(r.PublishedAt), Timestamp(r.PublishedAt)))];
    }

    private async Task<List<ApiTag>> TagListAsync(string api) =>
        [.. (await TagsAsync().ConfigureAwait(false))
            .OrderByDescending(t => t.Name, StringComparer.Ordinal)
            .Select(t => new ApiTag(
                t.Name,
                new ApiCommit(t.CommitSha, $"{api}/commits/{t.CommitSha}"),
                $"{api}/zipball/refs/tags/{Uri.EscapeDataString(t.Name)}",
                $"{api}/tarball/refs/tags/{Uri.EscapeDataString(t.Name)}"))];

    private async Task<ApiReply> RefAsync(string api, string tagName)
    {
        var tag = (await TagsAsync().ConfigureAwait(false)).Find(t => t.Name == tagName);
        if (tag is null)
        {
            return NotFound();
        }
        var type = tag.Annotated ? "tag" : "commit";
        var objectUrl = $"{api}/git/{type}s/{tag.ObjectSha}";
        return Ok(new ApiRef($"refs/tags/{tag.Name}", $"{api}/git/refs/tags/{Uri.EscapeDataString(tag.Name)}", new ApiObject(tag.ObjectSha, type, objectUrl)), GitHubJson.Default.ApiRef);
    }

    private async Task<ApiReply> TagObjectAsync(string api, string sha)
    {
        var tag = await GitTags.ReadObjectAsync(git, bareRepoPath, sha, stopping.Token).ConfigureAwait(false);
        if (tag is null)
        {
            return NotFound();
        }
        var target = Faults.CommitOverride(tag.Tag) ?? tag.ObjectSha;
        return Ok(
            new ApiTagObject(
                tag.Sha, $"{api}/git/tags/{tag.Sha}", tag.Tag, tag.Message,
                new ApiTagger(tag.TaggerName, tag.TaggerEmail, Timestamp(tag.TaggedAt)),
                new ApiObject(target, tag.ObjectType, $"{api}/git/{tag.ObjectType}s/{target}")),
            GitHubJson.Default.ApiTagObject);
    }

    private static ApiReply Paged<T>(List<T> items, JsonTypeInfo<List<T>> type, HttpListenerRequest request, string url)
    {
        var perPage = Math.Clamp(IntQuery(request, "per_page", 30), 1, 100);
        var lastPage = Math.Max((items.Count + perPage - 1) / perPage, 1);
        var page = Math.Max(IntQuery(request, "page", 1), 1);
        var links = new List<string>();
        string Link(int target, string rel) => $"<{url}?per_page={perPage}&page={target}>; rel=\"{rel}\"";
        if (page > 1)
        {
            links.Add(Link(Math.Min(page - 1, lastPage), "prev"));
            links.Add(Link(1, "first"));
        }
        if (page < lastPage)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(lastPage, "last"));
        }
        var reply = Ok([.. items.Skip((page - 1) * perPage).Take(perPage)], type);
        return links.Count == 0 ? reply : reply with { Headers = new Dictionary<string, string> { ["Link"] = string.Join(", ", links) } };
    }

    private static int IntQuery(HttpListenerRequest request, string name, int fallback) =>
        int.TryParse(request.QueryString[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private ApiReply RateLimited(ApiFault.RateLimited limit)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "60",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Used"] = "60",
            ["X-RateLimit-Reset"] = limit.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Resource"] = "core",
        };
        if (limit.StatusCode == 429)
        {
            var wait = Math.Max(0, Math.Ceiling((limit.ResetAt - time.GetUtcNow()).TotalSeconds));
            headers["Retry-After"] = wait.ToString(CultureInfo.InvariantCulture);
        }
        return Error(limit.StatusCode, "API rate limit exceeded for 127.0.0.1.") with { Headers = headers };
    }

    private static ApiReply Ok<T>(T value, JsonTypeInfo<T> type) => new(200, JsonSerializer.Serialize(value, type));

    private static ApiReply NotFound() => Error(404, "Not Found");

    private static ApiReply Error(int statusCode, string message) =>
        new(statusCode, JsonSerializer.Serialize(new ApiError(message, "https://docs.github.com/rest"), GitHubJson.Default.ApiError));

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task SendAsync(HttpListenerContext context, ApiReply reply)
    {
        var response = context.Response;
        var body = Encoding.UTF8.GetBytes(reply.Body);
        response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }
        if (reply.StatusCode == 200)
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"";
            response.Headers["ETag"] = etag;
            if (Matches(context.Request.Headers["If-None-Match"], etag))
            {
                response.StatusCode = 304;
                body = [];
            }
        }
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }

    private static bool Matches(string? ifNoneMatch, string etag) =>
        ifNoneMatch is not null && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);

    private sealed record ApiReply(int StatusCode, string Body)
    {
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    }
}
