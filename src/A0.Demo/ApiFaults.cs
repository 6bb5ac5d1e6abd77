using System.Security.Cryptography;
using System.Text;

namespace A0.Demo;

/// <summary>
/// The ways the fake GitHub API can misbehave, switched at run time from any thread: a rate limit, a run of server errors,
/// requests that are never answered, a tag that names the wrong commit, and tags that exist only in the API.
/// </summary>
public sealed class ApiFaults(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> commitOverrides = new(StringComparer.Ordinal);
    private readonly List<FakeTag> fakeTags = [];
    private (DateTimeOffset ResetAt, int StatusCode)? rateLimit;
    private int failuresLeft;
    private int failureStatusCode;
    private bool stall;

    /// <summary>Every request is refused as rate limited until <see cref="Clear"/>: 403 like GitHub's primary limit, or 429 (which adds Retry-After).</summary>
    public void RateLimit(DateTimeOffset resetAt, int statusCode = 403)
    {
        if (statusCode is not (403 or 429))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "GitHub rate-limits with 403 or 429");
        }
        lock (gate)
        {
            rateLimit = (resetAt, statusCode);
        }
    }

    /// <summary>The next <paramref name="count"/> requests fail with a server error; later ones succeed.</summary>
    public void FailNext(int count, int statusCode = 503)
    {
        if (statusCode is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "a server error is 5xx");
        }
        lock (gate)
        {
            failuresLeft = count;
            failureStatusCode = statusCode;
        }
    }

    /// <summary>Requests are accepted and never answered (until the server stops), so clients hit their timeouts.</summary>
    public void Stall()
    {
        lock (gate)
        {
            stall = true;
        }
    }

    /// <summary>The API claims <paramref name="tag"/> peels to <paramref name="commitSha"/>, whatever git says.</summary>
    public void OverrideTagCommit(string tag, string commitSha)
    {
        lock (gate)
        {
            commitOverrides[tag] = commitSha;
        }
    }

    /// <summary>A lightweight tag, and a release of it, that the API lists but git does not have. Any name goes, hostile ones included.</summary>
    public void AddFakeTag(string name, string? commitSha = null, bool prerelease = false)
    {
        var sha = commitSha ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..40];
        lock (gate)
        {
            fakeTags.Add(new FakeTag(name, sha, prerelease, time.GetUtcNow()));
        }
    }

    /// <summary>Back to an honest, healthy API.</summary>
    public void Clear()
    {
        lock (gate)
        {
            commitOverrides.Clear();
            fakeTags.Clear();
            rateLimit = null;
            failuresLeft = 0;
            stall = false;
        }
    }

    internal ApiFault? Next()
    {
        lock (gate)
        {
            if (stall)
            {
                return new ApiFault.Stall();
            }
            if (rateLimit is { } limit)
            {
                return new ApiFault.RateLimited(limit.StatusCode, limit.ResetAt);
            }
            if (failuresLeft > 0)
            {
                failuresLeft--;
                return new ApiFault.ServerError(failureStatusCode);
            }
            return null;
        }
    }

    internal string? CommitOverride(string tag)
    {
        lock (gate)
        {
            return commitOverrides.GetValueOrDefault(tag);
        }
    }

    internal IReadOnlyList<FakeTag> FakeTags
    {
        get
        {
            lock (gate)
            {
                return [.. fakeTags];
            }
        }
    }
}

internal sealed record FakeTag(string Name, string CommitSha, bool Prerelease, DateTimeOffset PublishedAt);

internal abstract record ApiFault
{
    public sealed record Stall : ApiFault;

    public sealed record RateLimited(int StatusCode, DateTimeOffset ResetAt) : ApiFault;

    public sealed record ServerError(int StatusCode) : ApiFault;
}
