using A0.Authority;

namespace A0.Inspection;

/// <summary>doctor's view of the agent's OS user (CONTRACT §3): it exists, and may write data/ and nothing else in the home.</summary>
public static class AgentUserCheck
{
    public const string Check = "agent user";

    public static IEnumerable<Finding> Findings(A0Context context)
    {
        if (context.Metadata.Authority.ReadIfUsable()?.AgentUser is not { } name) yield break;
        var agent = Processes.UnixUser.Find(name);
        if (agent is null)
        {
            yield return new Finding(Severity.Problem, Check, $"the agent's OS user '{name}' does not exist", $"create it (useradd --system {name}), or name another: a0 grant --agent-user U");
            yield break;
        }
        var problems = AgentUserAccess.Problems(agent, context.Home);
        yield return problems.Count == 0
            ? new Finding(Severity.Ok, Check, $"'{name}' may write {context.Home.Data} and nothing else in the home")
            : new Finding(Severity.Problem, Check, $"the agent's OS user '{name}' could write {string.Join(", ", problems)}, which lets it change what a0 runs as the home's owner",
                "take its write access away: chmod -R go-w on those paths, or give them to the home's owner (chown)");
    }
}
