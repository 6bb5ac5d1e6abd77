namespace A0.Init;

public sealed record InitOptions(string Repo)
{
    public string Source { get; init; } = "github";
    public string? ApiUrl { get; init; }
    public string? CloneUrl { get; init; }
    public string? Python { get; init; }

    /// <summary>The checkout to adopt, absolute; null means &lt;home&gt;/agent-zero.</summary>
    public string? AppPath { get; init; }
    public string Agent { get; init; } = "billy";
    public string? AgentUser { get; init; }
}
