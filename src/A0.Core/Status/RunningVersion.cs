using System.Text.Json;

namespace A0.Status;

/// <summary>
/// What the running app says it is, from service.health_url: its JSON's "version" (Agent Zero reports it under "gitinfo"
/// too). Null when no URL is configured, the app does not answer within two seconds, or says no version.
/// </summary>
public static class RunningVersion
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<string?> QueryAsync(A0Context context, string? healthUrl)
    {
        if (healthUrl is null || !Uri.TryCreate(healthUrl, UriKind.Absolute, out var url)) return null;
        using var http = context.Http(url);
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            using var response = await http.GetAsync(url, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String) return version.GetString();
            return root.TryGetProperty("gitinfo", out var git) && git.ValueKind == JsonValueKind.Object
                && git.TryGetProperty("version", out var gitVersion) && gitVersion.ValueKind == JsonValueKind.String
                ? gitVersion.GetString()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            return null;
        }
    }
}
