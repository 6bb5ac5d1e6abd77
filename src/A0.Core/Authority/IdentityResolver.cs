namespace A0.Authority;

/// <summary>
/// Identity is the OS user; A0_ACTOR can only lower it to an agent, and the configured agent user is always its agent.
/// A name the policy does not know has no authority at all, and an A0_ACTOR set but empty names nobody (never "unset").
/// </summary>
public static class IdentityResolver
{
    public const string ActorVariable = "A0_ACTOR";
    private const string EmptyName = "(empty A0_ACTOR)";

    /// <summary>A0_ACTOR as set: null only when it is not set at all, "" when it is set but empty.</summary>
    public static string? ActorFrom(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue(ActorVariable, out var value) ? value : null;

    public static Actor Resolve(AuthorityPolicy policy, string osUser, string? actorVariable)
    {
        if (policy.AgentUser is not null && policy.AgentUser == osUser)
        {
            return AsAgent(policy, policy.AgentUserAgent!);
        }
        if (actorVariable is not null)
        {
            return AsAgent(policy, actorVariable);
        }
        return policy.Humans.Contains(osUser)
            ? new Actor(osUser, null, AuthorityLevel.Human)
            : new Actor(osUser, null, AuthorityLevel.None);
    }

    /// <summary>Before init there is no policy: the OS user is the human about to be registered, an agent is nobody.</summary>
    public static Actor ResolveWithoutPolicy(string osUser, string? actorVariable) =>
        actorVariable is null
            ? new Actor(osUser, null, AuthorityLevel.Human)
            : new Actor(Printable(actorVariable), Printable(actorVariable), AuthorityLevel.None);

    private static Actor AsAgent(AuthorityPolicy policy, string id)
    {
        var grant = AuthorityPolicy.IsValidName(id) ? policy.Agent(id) : null;
        var level = grant is null ? AuthorityLevel.None : (AuthorityLevel)(int)grant.Level;
        return new Actor(Printable(id), Printable(id), level);
    }

    private static string Printable(string id) => id.Length == 0 ? EmptyName : AuthorityPolicy.IsValidName(id) ? id : "invalid:" + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(id[..Math.Min(id.Length, 32)]));
}
