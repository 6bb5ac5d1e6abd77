using A0.Operations;
using A0.Processes;

namespace A0.Staging;

/// <summary>Leaves nothing of a failed or dead build: its process group killed first, then its temp dir, build and any link to it removed.</summary>
public static class StagingCleanup
{
    public static void Run(A0Context context, Journal journal)
    {
        if (journal.ProcessGroup is { } group) Posix.KillGroup(group, Posix.SIGKILL);
        if (journal.TempDir is { } temp && Path.GetFileName(temp).StartsWith("agent_zero_build_", StringComparison.Ordinal))
        {
            BuildDirectory.Delete(temp);
        }
        if (!BuildIdentifier.IsValid(journal.BuildId)) return;
        var build = context.Home.Build(journal.BuildId!);
        var link = context.Home.Artifact(journal.Version);
        if (new FileInfo(link).LinkTarget is { } target && Path.GetFullPath(target, context.Home.Artifacts) == build)
        {
            File.Delete(link);
        }
        BuildDirectory.Delete(build);
    }
}
