namespace A0.Init;

public sealed record InitOptions(string Repo)
{
    public string Source { get; init; } = "github";
    public string? ApiUrl { get; init; }
    public string? CloneUrl { get; init; }
    public string? Python { get; init; }
    public string AppDir { get; init; } = "agent-zero";
    public string Agent { get; init; } = "billy";
    public string? AgentUser { get; init; }
}
