namespace A0.Config;

/// <summary>
/// config.json `service`: how a0 restarts the running app and asks it for its health (CONTRACT §7). Unset, the running app
/// is the user's to restart, and the health check after a switch runs from a scratch copy of the live release.
/// </summary>
public sealed record ServiceConfig
{
    /// <summary>An argument list (never a shell string) that restarts the app, e.g. ["systemctl", "restart", "agent-zero"].</summary>
    public IReadOnlyList<string>? RestartCommand { get; init; }
    public string? HealthUrl { get; init; }
    public int HealthTimeoutSeconds { get; init; } = 60;
    public int RestartTimeoutSeconds { get; init; } = 120;

    public bool Manages => RestartCommand is { Count: > 0 } && HealthUrl is not null;

    public IEnumerable<string> Problems()
    {
        if (RestartCommand is { } command && (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]) || command.Any(a => a.Contains('\0', StringComparison.Ordinal))))
        {
            yield return "service.restart_command: must be a non-empty argument list";
        }
        if (HealthUrl is not null && (!Uri.TryCreate(HealthUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return $"service.health_url: '{HealthUrl}' is not an http(s) URL";
        }
        if (HealthTimeoutSeconds is <= 0 or > 3600) yield return "service.health_timeout_seconds: must be between 1 and 3600";
        if (RestartTimeoutSeconds is <= 0 or > 3600) yield return "service.restart_timeout_seconds: must be between 1 and 3600";
    }
}
