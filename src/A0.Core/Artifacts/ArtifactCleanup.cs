using System.Text.Json.Nodes;
using A0.Audit;
using A0.Operations;
using A0.State;

namespace A0.Artifacts;

/// <summary>cleanup-artifacts: keeps the newest N and never current, known_good, the one awaiting validation or promotion, or one a release uses.</summary>
public sealed class ArtifactCleanup(CommandSession session)
{
    public IReadOnlyList<string> Run(int keep)
    {
        if (keep < 0) throw A0Exception.Usage("--keep must not be negative");
        StateMachine.Require(session.State, "cleanup-artifacts", OperationState.Idle, OperationState.Validating, OperationState.Complete, OperationState.Failed);
        var context = session.Context;
        var store = new ArtifactStore(context);
        var protectedVersions = new HashSet<string?>
        {
            context.Metadata.Version.ReadOrNull()?.CurrentVersion,
            context.Metadata.KnownGood.ReadOrNull()?.Version,
            session.State.ActiveOperation?.Version,
        };
        var usedBuilds = store.ReleasesUsingBuilds().Select(r => r.Build).ToHashSet();

        var removed = new List<string>();
        foreach (var artifact in store.All().Skip(keep))
        {
            if (protectedVersions.Contains(artifact.Version) || usedBuilds.Contains(artifact.BuildPath)) continue;
            store.Delete(artifact);
            context.Audit.Append(session.Actor, new AuditEvent("artifact_deleted", artifact.Version, new JsonObject
            {
                ["build_id"] = artifact.Manifest.BuildId,
                ["tree_hash"] = artifact.Manifest.Checksums.TreeHash,
            }));
            removed.Add(artifact.Version);
        }
        return removed;
    }
}
