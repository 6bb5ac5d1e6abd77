using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Audit;
using A0.Authority;
using A0.Operations;
using A0.State;

namespace A0.Staging;

/// <summary>
/// Settles a staging from its journal: at the end of a run, after a failure in the staging process or after its death alike.
/// A build whose artifact link is published (or a published build that was re-verified) is complete: its temp dir is removed
/// and the state moves on to VALIDATING. Any other build is removed with its temp dir, and the state becomes FAILED with the
/// reason and the log. A published build that staging only came to re-verify is never removed.
/// </summary>
public sealed class StagingOperation : IJournaledOperation
{
    public const string Operation = "staging";
    public const string Reverified = "reverified";

    public string Name => Operation;

    public void Settle(Settlement settlement)
    {
        var (context, actor, journal) = (settlement.Context, settlement.Actor, settlement.Journal);
        var payload = journal.Staging ?? throw new InvalidOperationException("the staging journal has no staging payload");
        var machine = new StateMachine(context);
        var staging = machine.Load().State == OperationState.Staging;
        var workspace = BuildWorkspace.For(context.Home, Path.GetDirectoryName(payload.TempDir)!, payload.BuildId);
        if (Path.GetFileName(workspace.TempDir) == Path.GetFileName(payload.TempDir)) BuildDirectory.Delete(workspace.TempDir);

        var published = new ArtifactStore(context).Publishes(journal.Version, payload.BuildId);
        if (published && (!payload.Reuse || journal.Step == Reverified))
        {
            if (!payload.Reuse) Audit(context, actor, "temp_cleanup_completed", journal.Version, new JsonObject { ["temp_dir"] = payload.TempDir });
            if (staging)
            {
                machine.Transition(actor, OperationState.Validating, "staging_completed", version: journal.Version, details: new JsonObject
                {
                    ["build_id"] = payload.BuildId,
                    ["reused"] = payload.Reuse,
                    ["settled_after"] = settlement.Cause,
                });
            }
            return;
        }

        if (!payload.Reuse) BuildDirectory.Delete(workspace.BuildPath);
        var log = payload.Reuse ? null : workspace.LogPath;
        Audit(context, actor, settlement.Cause, journal.Version, new JsonObject
        {
            ["build_id"] = payload.BuildId,
            ["error"] = settlement.Message,
            ["build_log_path"] = log,
        });
        Audit(context, actor, "temp_cleanup_completed", journal.Version, new JsonObject
        {
            ["temp_dir"] = payload.TempDir,
            ["build_removed"] = payload.Reuse ? null : workspace.BuildPath,
        });
        if (staging)
        {
            machine.Transition(actor, OperationState.Failed, "staging_failed", next => next with
            {
                LastFailure = new FailureRecord(settlement.Cause, settlement.Message, context.Now) { Version = journal.Version, BuildLogPath = log },
            }, journal.Version, new JsonObject { ["error"] = settlement.Message });
        }
    }

    private static void Audit(A0Context context, Actor actor, string eventType, string version, JsonObject details) =>
        context.Audit.Append(actor, new AuditEvent(eventType, version, details));
}
