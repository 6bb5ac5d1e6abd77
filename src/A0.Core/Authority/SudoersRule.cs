using System.Text.RegularExpressions;
using A0.Home;
using A0.Processes;
using A0.Storage;

namespace A0.Authority;

/// <summary>
/// The sudoers rule for the configured agent user (CONTRACT §3): it may run exactly this a0 executable, with --home pinned to
/// this home, as the home's owner, and nothing else. Refused (exit 4) when the agent user could change that executable: write
/// it, a file beside it, its directory, or move a directory above it away; a rule for it would hand the agent the owner's account.
/// </summary>
public sealed partial record SudoersRule(string AgentUser, string Owner, string Home, IReadOnlyList<string> Command)
{
    public const string UnsafeCode = "sudoers_unsafe";

    // Letters, digits and ._+-@/ need no quoting in a sudoers command line; anything else is refused rather than escaped.
    [GeneratedRegex(@"^[A-Za-z0-9_./+@-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();

    public string Text => $"{AgentUser} ALL=({Owner}) NOPASSWD: {string.Join(' ', Command)} --home {Home} *";

    /// <param name="executable">The program that runs this a0, and its argument when that program is dotnet (the a0.dll).</param>
    public static SudoersRule For(A0Context context, AuthorityPolicy policy, IReadOnlyList<string> executable)
    {
        var agentUser = policy.AgentUser ?? throw A0Exception.Precondition("no agent user is configured: name it first with `a0 grant --agent-user U`", "no_agent_user");
        var agent = AgentUserAccess.Account(agentUser);
        var ownerUid = HomeOwner.Uid(context.Home) ?? throw A0Exception.Precondition($"{context.Home.Billy} does not exist");
        var owner = UnixUser.Find(ownerUid)?.Name ?? throw A0Exception.Precondition($"the home's owner, uid {ownerUid}, has no passwd entry, so no sudoers rule can name it");
        if (owner == agentUser) throw A0Exception.Precondition($"the agent's OS user '{agentUser}' owns the home; the agent must run as a user of its own", UnsafeCode);
        var access = new WriteAccess(agent);
        foreach (var path in executable)
        {
            if (!PlainWord().IsMatch(path)) throw A0Exception.Precondition($"{path} has characters a sudoers rule would need quoted; install a0 under a plain path", UnsafeCode);
            var directory = Path.GetDirectoryName(path)!;
            var writable = Directory.EnumerateFileSystemEntries(directory).Prepend(directory).FirstOrDefault(access.CouldWrite)
                ?? (access.CouldRenameAway(path) ? Path.GetDirectoryName(directory) : null);
            if (writable is not null)
            {
                throw A0Exception.Precondition(
                    $"the agent's OS user '{agentUser}' could change {writable}, and with it the a0 that the rule would let it run as '{owner}'; " +
                    "install a0 where only the owner or root can write (e.g. `dotnet tool install --tool-path /usr/local/lib/a0 a0`)", UnsafeCode);
            }
        }
        if (!PlainWord().IsMatch(context.Home.Root)) throw A0Exception.Precondition($"{context.Home.Root} has characters a sudoers rule would need quoted", UnsafeCode);
        return new SudoersRule(agentUser, owner, context.Home.Root, executable);
    }
}
