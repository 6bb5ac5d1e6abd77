using A0.Home;
using A0.Processes;
using A0.Storage;

namespace A0.Init;

/// <summary>
/// Where init may adopt a checkout (CONTRACT §1): not a mount point (it cannot become a symlink), not in a directory a0 cannot
/// write (the symlink goes there), and neither inside the home nor around it. <c>&lt;home&gt;/agent-zero</c>, the default, is
/// allowed: a direct child of the home that is none of the home's own entries.
/// </summary>
public static class AppPathPlacement
{
    private static readonly string[] HomeEntries = [HomeLayout.MetadataDirectoryName, "releases", "data"];

    /// <summary>Throws exit 4 naming the rule an existing, non-symlink directory at appPath breaks.</summary>
    public static void Check(string appPath, HomeLayout home)
    {
        var parent = Path.GetDirectoryName(appPath)!;
        var realParent = Posix.RealPath(parent) ?? throw Refused($"{parent} does not exist");
        var realApp = Path.Combine(realParent, Path.GetFileName(appPath));
        var realHome = RealPathOfMaybeMissing(home.Root);

        if (Mounts.IsMountPoint(appPath))
        {
            throw Refused($"{appPath} is a mount point (a Docker volume, say), which init cannot turn into a symlink. Mount the volume one level up and adopt the checkout inside it");
        }
        if (!Posix.CanWrite(realParent))
        {
            throw Refused($"a0 cannot write {parent}, where init puts the app path's symlink. Run init as a user who can write it");
        }
        if (realHome == realApp || IsInside(realHome, realApp))
        {
            throw Refused($"{appPath} contains the home {home.Root}; choose a home outside the checkout (--home DIR or A0_HOME)");
        }
        if (IsInside(realApp, realHome) && (realParent != realHome || HomeEntries.Contains(Path.GetFileName(appPath))))
        {
            throw Refused($"{appPath} lies inside the home {home.Root}; keep the checkout outside it (or at {home.DefaultAppPath})");
        }
    }

    private static bool IsInside(string path, string root) => path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The real path of the nearest existing ancestor, with the missing rest appended (init creates the home).</summary>
    private static string RealPathOfMaybeMissing(string path)
    {
        var missing = new Stack<string>();
        var existing = path;
        string? real;
        while ((real = Posix.RealPath(existing)) is null)
        {
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing)!;
        }
        return Path.Combine([real, .. missing]);
    }

    private static A0Exception Refused(string message) => A0Exception.Precondition($"init refuses this app path: {message}", "app_path_refused");
}
