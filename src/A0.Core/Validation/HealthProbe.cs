using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace A0.Validation;

/// <summary>
/// Polls an app's health URLs until one answers 200 (a 404 moves on to the next path: Agent Zero has /api/health, older
/// releases /health), the app exits, or the time is up.
/// </summary>
public static class HealthProbe
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<HealthOutcome> WaitAsync(HttpClient http, Uri baseUrl, IReadOnlyList<string> paths, TimeSpan timeout, Func<string?> exited, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            foreach (var path in paths)
            {
                if (exited() is { } why) return HealthOutcome.Unhealthy(clock.ElapsedMilliseconds, why, last);
                var url = new Uri(baseUrl, path);
                using var request = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                request.CancelAfter(RequestTimeout);
                try
                {
                    using var response = await http.GetAsync(url, request.Token).ConfigureAwait(false);
                    var body = await response.Content.ReadAsStringAsync(request.Token).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK) return HealthOutcome.Healthy(clock.ElapsedMilliseconds, url, body);
                    last = $"{url.AbsolutePath} answered {(int)response.StatusCode}";
                    if (response.StatusCode == HttpStatusCode.NotFound) continue;
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    last = $"{url.AbsolutePath}: {(e is OperationCanceledException ? "no answer within 5 s" : e.Message)}";
                }
                break;
            }
            if (clock.Elapsed >= timeout)
            {
                return HealthOutcome.Unhealthy(clock.ElapsedMilliseconds, $"not healthy within {timeout.TotalSeconds:0} s", last);
            }
            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>What polling found: healthy at a URL with its answer, or why not and the last thing seen.</summary>
public sealed record HealthOutcome(bool IsHealthy, long Ms, string? Url, string? Body, string? Error, string? LastSeen)
{
    public static HealthOutcome Healthy(long ms, Uri url, string body) => new(true, ms, url.ToString(), body.Length > 500 ? body[..500] : body, null, null);

    public static HealthOutcome Unhealthy(long ms, string error, string lastSeen) => new(false, ms, null, null, error, lastSeen);

    public JsonObject ToDetails() => new() { ["url"] = Url, ["answer"] = Body, ["last_seen"] = LastSeen, ["ms"] = Ms };
}
