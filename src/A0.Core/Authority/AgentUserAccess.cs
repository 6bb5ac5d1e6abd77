using A0.Home;
using A0.Processes;
using A0.Storage;

namespace A0.Authority;

/// <summary>
/// CONTRACT §3: the agent's OS user may write data/ (Agent Zero running as that user keeps its user data there) and nothing else
/// in the home, nor move the home away. Otherwise it could change what a0 runs as the home's owner. init, grant --agent-user
/// and doctor check it.
/// </summary>
public static class AgentUserAccess
{
    public const string ProblemCode = "agent_user_can_write";

    public static UnixAccount Account(string name) =>
        UnixUser.Find(name) ?? throw A0Exception.Precondition(
            $"there is no OS user '{name}': the agent's OS user must exist before a0 can check what it may write (create it first, e.g. `useradd --system {name}`)", "no_such_user");

    /// <summary>
    /// What the user could write in the home outside data/ (or where the home would be made), and in a checkout about to be
    /// adopted outside its user data: empty when the home is safe from it.
    /// </summary>
    public static IReadOnlyList<string> Problems(UnixAccount agent, HomeLayout home, string? checkout = null, IReadOnlyList<string>? userData = null)
    {
        var access = new WriteAccess(agent);
        var found = new List<string>();
        if (access.CouldRenameAway(home.Root)) found.Add($"{Path.GetDirectoryName(home.Root)} (it could move the home, or make it)");
        if (Directory.Exists(home.Root)) found.AddRange(access.WritableUnder(home.Root, new HashSet<string>(StringComparer.Ordinal) { Path.GetFileName(home.Data) }));
        if (checkout is not null) found.AddRange(access.WritableUnder(checkout, (userData ?? []).Select(path => path.TrimEnd('/')).ToHashSet(StringComparer.Ordinal)));
        return found;
    }

    public static void Require(UnixAccount agent, HomeLayout home, string? checkout = null, IReadOnlyList<string>? userData = null)
    {
        var problems = Problems(agent, home, checkout, userData);
        if (problems.Count == 0) return;
        throw A0Exception.Precondition(
            $"the agent's OS user '{agent.Name}' could write {string.Join(", ", problems)}; it may write only {home.Data}. " +
            "Take its write access away (e.g. `chmod -R go-w` on those paths, or give them to the home's owner) and run this again", ProblemCode);
    }
}
