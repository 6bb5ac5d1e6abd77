using A0.Storage;

namespace A0.Status;

/// <summary>
/// Whether the app path still points at the release version.json names. A switch in flight (or a dead one not yet
/// recovered) explains a link to either side of it: that is the operation's doing, not a change made outside a0.
/// </summary>
public static class AppPathCheck
{
    public static string? Problem(A0Context context)
    {
        var config = context.Metadata.Config.Read();
        var version = context.Metadata.Version.ReadOrNull();
        if (version is null) return null;
        var appPath = config.AppPath;
        if (Symlink.PointsTo(appPath, context.Home.Release(version.CurrentVersion))) return null;
        var journal = context.Metadata.Journal.ReadIfUsable();
        // An eject in flight (or dead and not yet settled) makes the app path a plain checkout by design.
        if (journal?.Eject is not null) return null;
        if (journal?.Switch is { } inFlight
            && (Symlink.PointsTo(appPath, context.Home.Release(inFlight.FromVersion)) || Symlink.PointsTo(appPath, context.Home.Release(inFlight.ToVersion))))
        {
            return null;
        }

        var target = new FileInfo(appPath).LinkTarget;
        return target is null
            ? $"{appPath} is no longer a symlink (version.json says {version.CurrentVersion}); it was changed outside a0"
            : $"{appPath} points to {target}, but version.json says {version.CurrentVersion}; it was changed outside a0";
    }
}
