namespace A0.Demo;

public sealed record GitHubApiServerOptions
{
    /// <summary>The one repository served, as owner/name; others are 404.</summary>
    public string Repository { get; init; } = "agent0ai/agent-zero";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The port to try first; 0, or a port already taken, means any free loopback port.</summary>
    public int PreferredPort { get; init; }
}
