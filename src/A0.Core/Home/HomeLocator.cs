using A0.Processes;

namespace A0.Home;

/// <summary>
/// Finds the home (CONTRACT §1): --home, else $A0_HOME, else the default home of the effective user. Never the working
/// directory's ancestors: a home at ~ would capture every command run under it.
/// </summary>
public static class HomeLocator
{
    public const string RootDefault = "/var/lib/a0";

    public static HomeLocation Find(string? homeOption, IReadOnlyDictionary<string, string?> variables, string workingDirectory, int effectiveUid)
    {
        if (!string.IsNullOrEmpty(homeOption)) return new HomeLocation(Layout(homeOption, workingDirectory), "--home");
        if (variables.GetValueOrDefault("A0_HOME") is { Length: > 0 } variable) return new HomeLocation(Layout(variable, workingDirectory), "$A0_HOME");
        var home = DefaultHome(effectiveUid, variables.GetValueOrDefault("XDG_DATA_HOME"), UnixUser.HomeDirectory);
        return new HomeLocation(new HomeLayout(home), $"the default home for uid {effectiveUid}");
    }

    /// <summary>/var/lib/a0 for root, else $XDG_DATA_HOME/a0 when that is absolute, else ~/.local/share/a0 with ~ from the passwd entry.</summary>
    public static string DefaultHome(int effectiveUid, string? xdgDataHome, Func<int, string?> passwdHome)
    {
        if (effectiveUid == 0) return RootDefault;
        if (xdgDataHome is { Length: > 0 } && Path.IsPathFullyQualified(xdgDataHome)) return Path.Combine(Trimmed(xdgDataHome), "a0");
        var home = passwdHome(effectiveUid)
            ?? throw A0Exception.Precondition($"uid {effectiveUid} has no passwd entry, so a0 has no default home: pass --home DIR or set A0_HOME", "not_initialized");
        return Path.Combine(Trimmed(home), ".local", "share", "a0");
    }

    private static HomeLayout Layout(string path, string workingDirectory) => new(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, workingDirectory)));

    private static string Trimmed(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
