using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Integrity;
using A0.Operations;

namespace A0.Cli.Commands;

/// <summary>grant, revoke (human) and authority (observer).</summary>
public static class AuthorityCommands
{
    public static Command Grant(Invocation invocation)
    {
        var agent = new Argument<string>("agent") { Description = "The agent id" };
        var level = new Argument<string>("level") { Description = "observer or executor" };
        level.AcceptOnlyFromAmong("observer", "executor");
        var command = new Command("grant", "Give an agent observer or executor authority (human)") { agent, level };
        invocation.Bind(command, scope =>
        {
            RequireAgentId(scope.Value(agent));
            using var session = CommandSession.Mutating(scope.Context, "grant", AuthorityLevel.Human);
            var granted = scope.Value(level) == "executor" ? AgentLevel.Executor : AgentLevel.Observer;
            new AuthorityService(scope.Context).Grant(session.Actor, scope.Value(agent)!, granted);
            return CommandOutput.Of($"Granted {scope.Value(level)} to agent '{scope.Value(agent)}'.", new JsonObject { ["agent"] = scope.Value(agent), ["level"] = scope.Value(level) });
        });
        return command;
    }

    public static Command Revoke(Invocation invocation)
    {
        var agent = new Argument<string>("agent") { Description = "The agent id" };
        var all = new Option<bool>("--all") { Description = "Remove the agent entirely (default: executor falls back to observer)" };
        var command = new Command("revoke", "Take authority from an agent (human)") { agent, all };
        invocation.Bind(command, scope =>
        {
            RequireAgentId(scope.Value(agent));
            using var session = CommandSession.Mutating(scope.Context, "revoke", AuthorityLevel.Human);
            new AuthorityService(scope.Context).Revoke(session.Actor, scope.Value(agent)!, scope.Value(all));
            var now = scope.Context.Metadata.Authority.Read().Agent(scope.Value(agent)!);
            var level = now is null ? "none" : now.Level.ToString().ToLowerInvariant();
            return CommandOutput.Of($"Agent '{scope.Value(agent)}' now has {level} authority.", new JsonObject { ["agent"] = scope.Value(agent), ["level"] = level });
        });
        return command;
    }

    /// <summary>A malformed id is a usage error, checked before authority (CONTRACT §2, order of checks).</summary>
    private static void RequireAgentId(string? id)
    {
        if (!AuthorityPolicy.IsValidName(id)) throw A0Exception.Usage($"'{id}' is not a valid agent id (letters, digits, _ . @ -; at most 64)");
    }

    public static Command Show(Invocation invocation)
    {
        var command = new Command("authority", "The policy: humans, agents and their levels, and who you are");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "authority");
            var audit = scope.Context.Audit.Read();
            if (!audit.Verification.IsIntact) IntegrityPolicy.Enforce(scope.Context, new IntegrityFinding(IntegrityFinding.AuditTampered, audit.Verification.Problem!));
            var policy = scope.Context.Metadata.Authority.Read();
            var missing = new AuthorityService(scope.Context).MissingForExecutor(audit).ToList();
            var lines = new List<string> { $"you: {session.Actor.Name} ({session.Actor.Level.ToString().ToLowerInvariant()})", $"humans: {string.Join(", ", policy.Humans)}" };
            lines.AddRange(policy.Agents.Select(a => $"agent {a.Id}: {a.Level.ToString().ToLowerInvariant()}{(a.Id == policy.AgentUserAgent ? $" (OS user {policy.AgentUser})" : "")}"));
            lines.Add(missing.Count == 0 ? "executor may be granted." : $"executor cannot be granted yet: {string.Join("; ", missing)}");
            return new CommandOutput(new JsonObject
            {
                ["actor"] = session.Actor.Name,
                ["authority_level"] = session.Actor.Level.ToString().ToLowerInvariant(),
                ["humans"] = Json.Array(policy.Humans),
                ["agents"] = new JsonArray([.. policy.Agents.Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["level"] = a.Level.ToString().ToLowerInvariant() })]),
                ["agent_user"] = policy.AgentUser,
                ["executor_grant_blockers"] = Json.Array(missing),
            }, lines);
        });
        return command;
    }
}
