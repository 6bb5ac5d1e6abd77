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
        var agent = new Argument<string?>("agent") { Description = "The agent id", Arity = ArgumentArity.ZeroOrOne };
        var level = new Argument<string?>("level") { Description = "observer or executor", Arity = ArgumentArity.ZeroOrOne };
        level.AcceptOnlyFromAmong("observer", "executor");
        var agentUser = new Option<string?>("--agent-user") { Description = "The OS user the agent runs as: every invocation by it is that agent" };
        var command = new Command("grant", "Give an agent observer or executor authority, or name the OS user it runs as (human)") { agent, level, agentUser };
        invocation.Bind(command, scope =>
        {
            if (scope.Value(agentUser) is { } user) return AssignAgentUser(scope, user, scope.Value(agent), scope.Value(level));
            if (scope.Value(level) is null) throw A0Exception.Usage("`a0 grant` needs an agent and a level (`a0 grant <agent> observer|executor`), or --agent-user U");
            RequireAgentId(scope.Value(agent));
            using var session = CommandSession.Mutating(scope.Context, "grant", AuthorityLevel.Human);
            var granted = scope.Value(level) == "executor" ? AgentLevel.Executor : AgentLevel.Observer;
            new AuthorityService(scope.Context).Grant(session.Actor, scope.Value(agent)!, granted);
            return CommandOutput.Of($"Granted {scope.Value(level)} to agent '{scope.Value(agent)}'.", new JsonObject { ["agent"] = scope.Value(agent), ["level"] = scope.Value(level) });
        });
        return command;
    }

    /// <summary>`grant [&lt;agent&gt;] --agent-user U`: a level does not go with it.</summary>
    private static CommandOutput AssignAgentUser(CommandScope scope, string user, string? agent, string? level)
    {
        if (level is not null) throw A0Exception.Usage("--agent-user names the agent's OS user; grant a level in a separate `a0 grant <agent> <level>`");
        if (!AuthorityPolicy.IsValidName(user)) throw A0Exception.Usage($"'{user}' is not a valid OS user name");
        if (agent is not null) RequireAgentId(agent);
        using var session = CommandSession.Mutating(scope.Context, "grant", AuthorityLevel.Human);
        var assigned = new AgentUserAssignment(scope.Context).Assign(session.Actor, user, agent);
        return CommandOutput.Of($"OS user '{user}' is now agent '{assigned}' whatever it sets; `a0 sudoers` prints the rule that lets it run a0 on this home.",
            new JsonObject { ["agent_user"] = user, ["agent"] = assigned });
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
            IntegrityPolicy.Enforce(scope.Context, audit.Verification);
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
