using A0.Authority;
using A0.Storage;

namespace A0.Status;

/// <summary>Whether the app path still points at the release version.json names; a change made outside a0 revokes agents' executor authority.</summary>
public static class AppPathCheck
{
    public static string? Problem(A0Context context)
    {
        var config = context.Metadata.Config.Read();
        var version = context.Metadata.Version.ReadOrNull();
        if (version is null) return null;
        var appPath = config.AppPath;
        var release = context.Home.Release(version.CurrentVersion);
        if (Symlink.PointsTo(appPath, release)) return null;

        var target = new FileInfo(appPath).LinkTarget;
        var problem = target is null
            ? $"{appPath} is no longer a symlink (version.json says {version.CurrentVersion}); it was changed outside a0"
            : $"{appPath} points to {target}, but version.json says {version.CurrentVersion}; it was changed outside a0";
        new AuthorityService(context).RevokeExecutors("app_path_changed", problem);
        return problem;
    }
}
