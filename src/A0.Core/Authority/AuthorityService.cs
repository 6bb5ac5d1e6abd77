using System.Text.Json.Nodes;
using A0.Audit;
using A0.State;

namespace A0.Authority;

/// <summary>Changes to authority.json: grant, revoke, and the automatic revocation on integrity trouble. Always under the audit lock.</summary>
public sealed class AuthorityService(A0Context context)
{
    public void Grant(Actor human, string agentId, AgentLevel level)
    {
        if (!AuthorityPolicy.IsValidName(agentId)) throw A0Exception.Usage($"'{agentId}' is not a valid agent id");
        var policy = context.Metadata.Authority.Read();
        if (policy.Humans.Contains(agentId)) throw A0Exception.Precondition($"'{agentId}' is a human, not an agent");
        if (level == AgentLevel.Executor)
        {
            var audit = context.Audit.Read();
            Integrity.IntegrityPolicy.Enforce(context, audit.Verification);
            var missing = MissingForExecutor(audit).ToList();
            if (missing.Count > 0)
            {
                throw A0Exception.Precondition($"cannot grant executor to '{agentId}': {string.Join("; ", missing)}", "grant_conditions_unmet");
            }
        }
        context.Audit.Append(human, new AuditEvent("authority_granted", null, new JsonObject { ["agent"] = agentId, ["level"] = Name(level) }),
            () => context.Metadata.Authority.Write(context.Metadata.Authority.Read().WithAgent(agentId, level)));
    }

    /// <summary>Executor falls back to observer; an observer (or --all) is removed entirely.</summary>
    public void Revoke(Actor human, string agentId, bool all)
    {
        var policy = context.Metadata.Authority.Read();
        var grant = policy.Agent(agentId) ?? throw A0Exception.Precondition($"'{agentId}' is not an agent in authority.json", "unknown_agent");
        var remove = all || grant.Level == AgentLevel.Observer;
        context.Audit.Append(human, new AuditEvent("authority_revoked", null, new JsonObject
        {
            ["agent"] = agentId,
            ["from"] = Name(grant.Level),
            ["to"] = remove ? "none" : "observer",
        }), () =>
        {
            var current = context.Metadata.Authority.Read();
            context.Metadata.Authority.Write(remove ? current.WithoutAgent(agentId) : current.WithAgent(agentId, AgentLevel.Observer));
        });
    }

    /// <summary>
    /// Drops every agent's executor authority after a local integrity violation, FAILED_HARD or an outside change of the app path.
    /// A user who may not write the home cannot revoke; the next command its owner runs finds the problem again.
    /// </summary>
    public void RevokeExecutors(string reason, string finding)
    {
        var policy = context.Metadata.Authority.ReadIfUsable();
        var executors = policy?.Agents.Where(a => a.Level == AgentLevel.Executor).Select(a => a.Id).ToList() ?? [];
        if (executors.Count == 0) return;
        try
        {
            context.Audit.Append(Actor.Integrity, new AuditEvent("authority_revoked", null, new JsonObject
            {
                ["agents"] = new JsonArray([.. executors.Select(id => (JsonNode)id!)]),
                ["reason"] = reason,
                ["finding"] = finding,
                ["automatic"] = true,
            }), () =>
            {
                var current = context.Metadata.Authority.Read();
                context.Metadata.Authority.Write(current with
                {
                    Agents = [.. current.Agents.Select(a => a.Level == AgentLevel.Executor ? a with { Level = AgentLevel.Observer } : a)],
                });
            });
        }
        catch (A0Exception e) when (e.Code == "access_denied")
        {
        }
    }

    /// <summary>What the record (the audit log as read) lacks before an agent may become executor.</summary>
    public IEnumerable<string> MissingForExecutor(AuditReading audit)
    {
        var events = new List<string>();
        var verification = audit.Verification;
        if (!verification.IsIntact) yield return $"the audit chain is broken (line {verification.BadLine}: {verification.Problem})";
        else events.AddRange(audit.Lines.Select(line => line.Entry?["event_type"]?.ToString() ?? ""));
        string? policyProblem = null;
        try
        {
            context.Metadata.Authority.Read();
        }
        catch (A0Exception e)
        {
            policyProblem = e.Message;
        }
        if (policyProblem is not null) yield return $"the policy file is not valid ({policyProblem})";
        if (!events.Contains(TransitionReasons.PromotionCompleted)) yield return "no completed upgrade on record";
        if (!events.Contains(TransitionReasons.RollbackCompleted)) yield return "no completed rollback on record";
    }

    private static string Name(AgentLevel level) => level.ToString().ToLowerInvariant();
}
