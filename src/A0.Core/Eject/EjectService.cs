using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Config;
using A0.Operations;
using A0.Processes;
using A0.State;
using A0.Storage;

namespace A0.Eject;

/// <summary>
/// `a0 eject` (CONTRACT §4): undoes init. The app path becomes a plain checkout of the current release with its user data in
/// place, a last `ejected` event is appended, and the metadata moves into .billy/ejected-&lt;UTC time&gt;/, so the home is no
/// longer managed and `init` works again; .billy/builds/ stays. Journaled like every operation; run again after a crash, it
/// finishes the eject, whatever step it died at.
/// </summary>
public sealed class EjectService(A0Context context)
{
    public const string Command = "eject";

    public async Task<EjectResult> RunAsync(CancellationToken cancellationToken)
    {
        if (context.Metadata.Journal.ReadIfUsable() is { Eject: not null } interrupted) return Resume(interrupted);

        using var session = CommandSession.Mutating(context, Command, AuthorityLevel.Human);
        StateMachine.Require(session.State, Command, OperationState.Idle);
        var config = context.Metadata.Config.Read();
        var version = context.Metadata.Version.Read().CurrentVersion;
        if (session.AppPathDrift is { } problem)
        {
            throw A0Exception.Precondition($"{problem}; run `a0 recover --i-understand` to record what it runs, then eject", "app_path_changed");
        }
        if (!Posix.CanWrite(Path.GetDirectoryName(config.AppPath)!))
        {
            throw A0Exception.Precondition($"a0 cannot write {Path.GetDirectoryName(config.AppPath)}, where the app path's symlink becomes a directory again; run eject as a user who can");
        }

        var payload = new EjectPayload(config.AppPath, context.Home.Release(version), HomeRecord.NameFor(context.Now, context.Home), config.UserData, NeedsCopy(config));
        var journal = OperationJournal.Begin(context, new Journal
        {
            Operation = EjectOperation.Operation,
            Version = version,
            StartedAt = context.Now,
            Pid = Environment.ProcessId,
            Eject = payload,
        });
        context.Audit.Append(session.Actor, new AuditEvent("eject_started", version, new JsonObject
        {
            ["app_path"] = payload.AppPath,
            ["release"] = payload.Release,
            ["record"] = payload.RecordDir,
            ["copy"] = payload.Copy,
        }));
        FaultInjection.Hit(context, "eject.after_start");
        var operation = new EjectOperation();
        return await journal.RunAsync(operation, session.Actor, () => Task.FromResult(
            operation.Finish(new Settlement(context, session.Actor, journal.Current, EjectOperation.Completed, "eject ran to its end")))).ConfigureAwait(false);
    }

    /// <summary>
    /// Finishes an eject a dead process began. Its policy may already be in the record; whoever it names as human may finish.
    /// </summary>
    private EjectResult Resume(Journal interrupted)
    {
        var record = Path.Combine(interrupted.Eject!.RecordDir, Path.GetFileName(context.Home.AuthorityFile));
        var policy = context.Metadata.Authority.ReadIfUsable() ?? new MetadataFile<AuthorityPolicy>(record, A0Json.Default.AuthorityPolicy).ReadIfUsable()
            ?? throw A0Exception.Precondition($"an `a0 eject` was interrupted, and neither {context.Metadata.Authority.Path} nor {record} says who may finish it");
        AuthorityGuard.Require(CommandSession.ResolveActor(context, policy), AuthorityLevel.Human, Command);
        if (interrupted.Step == EjectOperation.EventRecorded && OperationLock.LiveOwner(context) is null)
        {
            // Past the last event nothing more is audited, not even taking over the dead eject's lock: its owner record just goes.
            context.Metadata.LockOwner.Delete();
        }
        using var held = OperationLock.Acquire(context, Command);
        var journal = context.Metadata.Journal.Read();
        if (journal.Eject is null) throw A0Exception.Precondition($"another a0 command settled the interrupted eject meanwhile ({journal.Operation} is in flight now)");
        RecoveryService.KillProcessGroups(journal);
        var result = new EjectOperation().Finish(new Settlement(context, Actor.Recovery, journal, EjectOperation.Completed,
            $"the eject process (pid {journal.Pid}) died at step {journal.Step}"));
        return result with { Resumed = true };
    }

    /// <summary>
    /// A rename cannot leave its filesystem: an app path elsewhere, or user data on a mount of its own, is copied back instead
    /// (the originals then stay in the record).
    /// </summary>
    private bool NeedsCopy(A0Config config) =>
        !Mounts.AreSame(config.AppPath, context.Home.Releases)
        || config.UserData.Select(path => Path.Combine(context.Home.Data, path)).Where(FileSystemEntry.Exists)
            .Any(path => Mounts.IsMountPoint(path) || !Mounts.AreSame(path, context.Home.Releases));
}
