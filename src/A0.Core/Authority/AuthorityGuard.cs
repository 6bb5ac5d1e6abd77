using System.Text.Json.Nodes;

namespace A0.Authority;

/// <summary>Refuses a command to an actor below its level: exit 3 with authority_required (the CLI audits every refusal).</summary>
public static class AuthorityGuard
{
    public static void Require(Actor actor, AuthorityLevel required, string command)
    {
        if (actor.Level >= required) return;
        var name = required.ToString().ToLowerInvariant();
        var who = actor.AgentId is null ? $"user '{actor.Name}'" : $"agent '{actor.Name}'";
        var has = actor.Level == AuthorityLevel.None ? "no authority in .billy/authority.json" : $"only {actor.Level.ToString().ToLowerInvariant()} authority";
        throw new A0Exception(ExitCode.AuthorityDenied, "authority_denied", $"`a0 {command}` needs {name} authority; {who} has {has}")
        {
            Details = new Dictionary<string, JsonNode?> { ["authority_required"] = name },
        };
    }
}
