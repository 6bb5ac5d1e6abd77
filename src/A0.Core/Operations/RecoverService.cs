using System.Text.Json.Nodes;
using A0.State;

namespace A0.Operations;

/// <summary>`recover --i-understand`: rebuilds the state from what is on disk (the app path's target) and returns FAILED_HARD to IDLE.</summary>
public sealed class RecoverService(A0Context context)
{
    public string Recover(CommandSession session)
    {
        StateMachine.RequireExact(session.State, "recover", OperationState.FailedHard);
        context.Audit.AcknowledgeDamage(session.Actor);
        var config = context.Metadata.Config.Read();
        var appPath = config.AppPath;
        var target = new FileInfo(appPath).LinkTarget
            ?? throw A0Exception.Precondition($"{appPath} is not a symlink to a release; put the app back under releases/ and point it there first");
        var release = Path.GetFullPath(target, Path.GetDirectoryName(appPath)!);
        var version = Path.GetFileName(release);
        if (Path.GetDirectoryName(release) != context.Home.Releases || !Releases.TagName.IsValid(version) || !Directory.Exists(release))
        {
            throw A0Exception.Precondition($"{appPath} points to {target}, which is not a release under {context.Home.Releases}");
        }

        var recorded = context.Metadata.Version.ReadIfUsable();
        if (recorded?.CurrentVersion != version)
        {
            context.Metadata.Version.Write(new VersionRecord { CurrentVersion = version, UpdatedAt = context.Now });
        }
        // A journal that recovery could not settle is abandoned here: its children die, what it made stays for the garbage collector.
        var abandoned = context.Metadata.Journal.ReadIfUsable();
        if (abandoned is not null) RecoveryService.KillProcessGroups(abandoned);
        context.Metadata.Journal.Delete();
        // What is on disk may be a broken file or a state the journal contradicted: record the FAILED_HARD being left.
        context.Metadata.State.Write(session.State with { ActiveOperation = null });
        session.StateMachine.Transition(session.Actor, OperationState.Idle, "human_recovery", version: version,
            details: new JsonObject
            {
                ["rebuilt_from"] = appPath,
                ["previous_record"] = recorded?.CurrentVersion,
                ["was"] = session.State.LastFailure?.Message,
                ["abandoned_operation"] = abandoned is null ? null : $"{abandoned.Operation} of {abandoned.Version} at step {abandoned.Step}",
            });
        return version;
    }
}
