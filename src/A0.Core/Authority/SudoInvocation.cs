using System.Globalization;
using A0.Home;
using A0.Processes;
using A0.Storage;

namespace A0.Authority;

/// <summary>
/// a0 run by another user through sudo (CONTRACT §3): `sudo -u &lt;owner&gt; a0 --home &lt;home&gt; …` under the rule `a0 sudoers`
/// prints. SUDO_UID set and different from the effective uid marks it. The actor is then the user who called sudo, never the
/// owner a0 runs as, and A0_ACTOR is ignored. That caller is believed only when a0 runs as the home's owner, as the rule makes
/// it; anyone else who sets SUDO_UID stays who they are (and may not change the home anyway). The caller's PIP_*, GIT_*, PYTHON*
/// and DOTNET_* variables are dropped and HOME is the owner's, so nothing the caller set steers what a0 runs as the owner; a
/// home or .billy/ that someone besides the owner and root can write is refused.
/// </summary>
public sealed record SudoInvocation(int CallerUid)
{
    public const string UidVariable = "SUDO_UID";
    public const string UnsafeHomeCode = "home_writable_by_others";

    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private static readonly string[] DroppedPrefixes = ["PIP_", "GIT_", "PYTHON", "DOTNET_"];

    public static SudoInvocation? Detect(IReadOnlyDictionary<string, string?> variables, int effectiveUid) =>
        variables.GetValueOrDefault(UidVariable) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid != effectiveUid
            ? new SudoInvocation(uid)
            : null;

    /// <summary>
    /// The variables a command runs with and the OS user it acts as (null: the effective user, as without sudo). Throws exit 4 for a
    /// home others can write.
    /// </summary>
    public static (IReadOnlyDictionary<string, string?> Variables, string? OsUser) Apply(IReadOnlyDictionary<string, string?> variables, int effectiveUid, HomeLayout home)
    {
        if (Detect(variables, effectiveUid) is not { } sudo) return (variables, null);
        var owner = HomeOwner.Uid(home);
        if (owner is not null) RequireSafe(home, owner.Value);
        var cleaned = variables
            .Where(variable => variable.Key != IdentityResolver.ActorVariable && !DroppedPrefixes.Any(prefix => variable.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .ToDictionary(variable => variable.Key, variable => variable.Value);
        cleaned["HOME"] = UnixUser.HomeDirectory(owner ?? effectiveUid);
        var caller = owner == effectiveUid ? UnixUser.Find(sudo.CallerUid)?.Name ?? $"uid {sudo.CallerUid}" : null;
        return (cleaned, caller);
    }

    /// <summary>init makes a home; through sudo, that is not for the caller to do.</summary>
    public static void RefuseInit(IReadOnlyDictionary<string, string?> variables, int effectiveUid)
    {
        if (Detect(variables, effectiveUid) is { } sudo)
        {
            throw new A0Exception(ExitCode.AuthorityDenied, "init_through_sudo", $"`a0 init` is not run through sudo (SUDO_UID {sudo.CallerUid}): the home's owner runs it directly");
        }
    }

    private static void RequireSafe(HomeLayout home, int owner)
    {
        foreach (var path in new[] { home.Root, home.Billy })
        {
            var status = Statx.Of(path);
            var mode = (UnixFileMode)(status.Mode & 0xFFF);
            if ((status.Uid == owner || status.Uid == 0) && (mode & WritableByOthers) == 0) continue;
            var why = (mode & WritableByOthers) != 0 ? "writable by its group or others" : $"owned by uid {status.Uid}";
            throw A0Exception.Precondition(
                $"through sudo a0 refuses a home that others can write, and {path} is {why}: make it the owner's alone (e.g. `chmod go-w {path}`)", UnsafeHomeCode);
        }
    }
}
