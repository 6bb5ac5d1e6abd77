using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using A0.Storage;

namespace A0.Authority;

/// <summary>.billy/authority.json: the humans, the agents and their level.</summary>
public sealed partial record AuthorityPolicy : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required IReadOnlyList<string> Humans { get; init; }
    public required IReadOnlyList<AgentGrant> Agents { get; init; }

    /// <summary>The OS user the agent runs as: every invocation by that user is that agent.</summary>
    public string? AgentUser { get; init; }
    public string? AgentUserAgent { get; init; }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public AgentGrant? Agent(string id) => Agents.FirstOrDefault(a => a.Id == id);

    public AuthorityPolicy WithAgent(string id, AgentLevel level) =>
        this with { Agents = [.. Agents.Where(a => a.Id != id), new AgentGrant(id, level)] };

    public AuthorityPolicy WithoutAgent(string id) => this with { Agents = [.. Agents.Where(a => a.Id != id)] };

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (Humans.Count == 0) yield return "humans: at least one human is needed";
        foreach (var human in Humans.Where(h => !IsValidName(h))) yield return $"humans: '{human}' is not a valid name";
        foreach (var agent in Agents.Where(a => !IsValidName(a.Id))) yield return $"agents: '{agent.Id}' is not a valid id";
        foreach (var agent in Agents.Where(a => !Enum.IsDefined(a.Level))) yield return $"agents.{agent.Id}.level: unknown level";
        foreach (var duplicate in Agents.GroupBy(a => a.Id).Where(g => g.Count() > 1)) yield return $"agents: '{duplicate.Key}' is listed twice";
        foreach (var both in Agents.Where(a => Humans.Contains(a.Id))) yield return $"agents: '{both.Id}' is also a human";
        if (AgentUser is not null && (!IsValidName(AgentUser) || Humans.Contains(AgentUser))) yield return $"agent_user: '{AgentUser}' must be a valid name that is not a human";
        if ((AgentUser is null) != (AgentUserAgent is null) || (AgentUserAgent is not null && Agent(AgentUserAgent) is null)) yield return "agent_user_agent: must name a listed agent exactly when agent_user is set";
    }
}

public sealed record AgentGrant(string Id, AgentLevel Level);

[JsonConverter(typeof(JsonStringEnumConverter<AgentLevel>))]
public enum AgentLevel
{
    [JsonStringEnumMemberName("observer")] Observer = 1,
    [JsonStringEnumMemberName("executor")] Executor = 2,
}
