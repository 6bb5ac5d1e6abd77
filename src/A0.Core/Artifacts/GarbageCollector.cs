using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Staging;

namespace A0.Artifacts;

/// <summary>Removes builds that no artifact link and no release refers to; run by every mutating command once it holds the lock.</summary>
public sealed class GarbageCollector(A0Context context)
{
    public void Collect()
    {
        if (!Directory.Exists(context.Home.Builds)) return;
        var referenced = new ArtifactStore(context).ReferencedBuilds();
        foreach (var build in Directory.EnumerateDirectories(context.Home.Builds).Where(b => !referenced.Contains(b)))
        {
            BuildDirectory.Delete(build);
            context.Audit.Append(Actor.Recovery, new AuditEvent("garbage_build_removed", null, new JsonObject { ["build"] = build }));
        }
    }
}
