using System.Text.Json.Nodes;
using A0.Audit;

namespace A0.Authority;

/// <summary>
/// `grant --agent-user U` (CONTRACT §3): from now on every invocation by OS user U is the agent, whatever A0_ACTOR says. U must
/// exist and may write nothing in the home but data/. Written under the audit lock, like every change of authority.json.
/// </summary>
public sealed class AgentUserAssignment(A0Context context)
{
    /// <param name="agentId">The agent U runs as; null keeps the one already named, else the policy's only agent.</param>
    /// <returns>The agent U now is.</returns>
    public string Assign(Actor human, string user, string? agentId)
    {
        var policy = context.Metadata.Authority.Read();
        var agent = agentId ?? policy.AgentUserAgent ?? (policy.Agents.Count == 1 ? policy.Agents[0].Id
            : throw A0Exception.Precondition($"the policy has {policy.Agents.Count} agents: name the one '{user}' runs as (`a0 grant <agent> --agent-user {user}`)"));
        if (policy.Agent(agent) is null) throw A0Exception.Precondition($"'{agent}' is not an agent in authority.json (grant it observer first)", "unknown_agent");
        if (policy.Humans.Contains(user)) throw A0Exception.Precondition($"'{user}' is a human in authority.json; the agent's OS user must be someone else");
        AgentUserAccess.Require(AgentUserAccess.Account(user), context.Home);
        context.Audit.Append(human, new AuditEvent("agent_user_set", null, new JsonObject
        {
            ["agent_user"] = user,
            ["agent"] = agent,
            ["previous"] = policy.AgentUser,
        }), () => context.Metadata.Authority.Write(context.Metadata.Authority.Read() with { AgentUser = user, AgentUserAgent = agent }));
        return agent;
    }
}
