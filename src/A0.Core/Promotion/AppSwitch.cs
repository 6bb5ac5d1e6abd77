using A0.State;
using A0.Storage;

namespace A0.Promotion;

/// <summary>
/// The switch of production: the app path is pointed at a release by renaming a new symlink over it (rename(2), atomic: the
/// app path is never missing and the flip costs the same for any release size), then version.json records it.
/// </summary>
/// <param name="context">The command's context.</param>
/// <param name="appPath">config.app_path, from the config the command already holds.</param>
public sealed class AppSwitch(A0Context context, string appPath)
{
    public string AppPath => appPath;

    /// <summary>The app path's link target as it is now (what a switch journals to come back to).</summary>
    public string CurrentTarget() => new FileInfo(AppPath).LinkTarget
        ?? throw A0Exception.Integrity($"{AppPath} is not a symlink to a release; it was changed outside a0 (see `a0 doctor`)");

    public void Flip(string target) => Symlink.Replace(AppPath, target);

    public void Record(string version, string? commitSha) =>
        context.Metadata.Version.Write(new VersionRecord { CurrentVersion = version, CommitSha = commitSha, UpdatedAt = context.Now });
}
