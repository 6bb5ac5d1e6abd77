namespace A0.Authority;

/// <summary>Who is running this command: a human (the OS user) or an agent, and what they may do.</summary>
public sealed record Actor(string Name, string? AgentId, AuthorityLevel Level)
{
    public bool IsHuman => AgentId is null && Level == AuthorityLevel.Human;

    /// <summary>The identity of an a0 process finishing a dead operation.</summary>
    public static readonly Actor Recovery = new("a0:recovery", null, AuthorityLevel.Executor);

    /// <summary>The identity of a0 reacting to an integrity problem: revoking authority, recording damage.</summary>
    public static readonly Actor Integrity = Recovery with { Name = "a0:integrity" };
}
