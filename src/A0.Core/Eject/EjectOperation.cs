using System.Text.Json.Nodes;
using A0.Audit;
using A0.Init;
using A0.Operations;
using A0.Processes;
using A0.Staging;
using A0.Storage;

namespace A0.Eject;

/// <summary>
/// Settles an eject from its journal. The point of no return is the app path becoming a plain directory: before it, a
/// failure or a recovery by another command undoes what was done (user data linked again, a copy removed) and the home stays
/// managed; from it on, and whenever `a0 eject` itself runs, the eject is finished. Every step is decided by what is on disk.
/// Once the last event (`ejected`) is in the audit log, only `a0 eject` goes on: every other command is told to run it.
/// </summary>
public sealed class EjectOperation : IJournaledOperation
{
    public const string Operation = "eject";

    /// <summary>The settlement cause that finishes the eject (its own run, or `a0 eject` resuming a dead one).</summary>
    public const string Completed = "eject_completed";

    /// <summary>The journal's step once the `ejected` event is in the log.</summary>
    public const string EventRecorded = "ejected";

    /// <summary>What every other command is refused with once the last event is written.</summary>
    public const string InterruptedCode = "eject_interrupted";

    public string Name => Operation;

    public void Settle(Settlement settlement)
    {
        var payload = Payload(settlement.Journal);
        if (settlement.Cause != Completed && !FileSystemEntry.IsPlainDirectory(payload.AppPath)) Undo(settlement, payload);
        else Finish(settlement);
    }

    /// <summary>Runs the remaining steps, through the last event and the record, and removes the journal.</summary>
    public EjectResult Finish(Settlement settlement)
    {
        var (context, actor, journal) = (settlement.Context, settlement.Actor, settlement.Journal);
        var payload = Payload(journal);
        var checkout = payload.Copy ? CheckoutCopy.TempFor(payload.AppPath) : payload.Release;
        IReadOnlyList<string> skipped = [];
        if (!FileSystemEntry.IsPlainDirectory(payload.AppPath))
        {
            if (FileSystemEntry.Exists(payload.AppPath) || !FileSystemEntry.IsPlainDirectory(checkout))
            {
                skipped = Prepare(context, journal, payload);
                AnchorVenv(checkout, payload.Release);
            }
            Swap(payload.AppPath, checkout);
            FaultInjection.Hit(context, "eject.after_swap");
        }
        if (Symlink.IsSymlink(checkout)) File.Delete(checkout);

        var venv = new FileInfo(Path.Combine(payload.AppPath, ".venv")).LinkTarget;
        var builds = Directory.Exists(context.Home.Builds) ? context.Home.Builds : null;
        if (context.Metadata.Journal.ReadIfUsable()?.Step != EventRecorded)
        {
            context.Audit.Append(actor, new AuditEvent("ejected", journal.Version, new JsonObject
            {
                ["app_path"] = payload.AppPath,
                ["record"] = payload.RecordDir,
                ["copied"] = payload.Copy,
                ["builds_kept"] = builds,
                ["venv_links_to"] = venv,
                ["not_copied"] = new JsonArray([.. skipped.Select(s => (JsonNode)s!)]),
                ["finished_after"] = settlement.IsRecovery ? settlement.Message : null,
            }));
            context.Metadata.Journal.Write(journal with { Step = EventRecorded });
            FaultInjection.Hit(context, "eject.after_event");
        }
        HomeRecord.Move(context, payload.RecordDir);
        context.Metadata.Journal.Delete();
        return new EjectResult(journal.Version, payload.AppPath, payload.RecordDir, payload.Copy, builds, venv, skipped, Resumed: false);
    }

    /// <summary>
    /// Every command but `a0 eject` stops here once the last event is written: the home is being put away, and what is left
    /// of its metadata is no longer a managed home's.
    /// </summary>
    public static void RequireNotEjecting(A0Context context)
    {
        if (!context.Metadata.Journal.Exists || context.Metadata.Journal.ReadIfUsable() is not { Eject: { } payload, Step: EventRecorded }) return;
        throw A0Exception.Precondition(
            $"an `a0 eject` was interrupted after its last event, while moving the metadata to {payload.RecordDir}; run `a0 eject` to finish it", InterruptedCode);
    }

    /// <summary>What a command that finished a dead eject as its recovery says instead of going on: there is no managed home left.</summary>
    public static A0Exception FinishedByRecovery(Journal journal)
    {
        var payload = Payload(journal);
        return A0Exception.Precondition(
            $"finished an interrupted `a0 eject`: {payload.AppPath} is a plain checkout of {journal.Version}, and the home is no longer managed " +
            $"(its record is in {payload.RecordDir}); run `a0 init` to manage it again", "ejected");
    }

    /// <summary>The checkout the app path becomes, made ready beside it: user data back in place.</summary>
    private static IReadOnlyList<string> Prepare(A0Context context, Journal journal, EjectPayload payload)
    {
        if (!payload.Copy)
        {
            UserDataReturn.MoveInto(context, payload.Release, context.Home.Data, payload.UserData);
            FaultInjection.Hit(context, "eject.after_user_data");
            return [];
        }
        // Settling is synchronous; the copy is the one step of an eject that waits on a child.
        var copy = new CheckoutCopy(context).CopyBesideAsync(payload.Release, payload.AppPath, payload.UserData, journal, "eject.after_copy",
            what => A0Exception.Failed($"{payload.AppPath} is on another filesystem than the home, and {what}. The app path is untouched; run `a0 eject` again", "copy_failed"),
            CancellationToken.None).GetAwaiter().GetResult();
        // What could not be copied is named where it will be: the originals go to the record.
        var kept = Path.Combine(payload.RecordDir, Path.GetFileName(context.Home.Data));
        return [.. UserDataReturn.CopyInto(copy, payload.Release, context.Home.Data, payload.UserData).Select(skip => kept + skip[context.Home.Data.Length..])];
    }

    /// <summary>A .venv linked relatively into .billy/builds/ (as promotion links it) would dangle from the app path: it is made absolute.</summary>
    private static void AnchorVenv(string checkout, string release)
    {
        var venv = Path.Combine(checkout, ".venv");
        if (new FileInfo(venv).LinkTarget is { } target && !Path.IsPathRooted(target)) Symlink.Replace(venv, Path.GetFullPath(target, release));
    }

    /// <summary>The checkout and the app path's symlink trade places in one step (where the filesystem cannot, the link goes first).</summary>
    private static void Swap(string appPath, string checkout)
    {
        if (!Posix.TryExchange(checkout, appPath))
        {
            if (Symlink.IsSymlink(appPath)) File.Delete(appPath);
            Posix.Rename(checkout, appPath);
        }
        Posix.FsyncDirectory(Path.GetDirectoryName(appPath)!);
        Posix.FsyncDirectory(Path.GetDirectoryName(checkout)!);
    }

    private static void Undo(Settlement settlement, EjectPayload payload)
    {
        var context = settlement.Context;
        if (!FileSystemEntry.Exists(payload.AppPath)) Symlink.Replace(payload.AppPath, payload.Release);
        if (payload.Copy) BuildDirectory.Delete(CheckoutCopy.TempFor(payload.AppPath));
        else UserDataReturn.Relink(payload.Release, context.Home.Data, payload.UserData);
        context.Audit.Append(settlement.Actor, new AuditEvent(settlement.Cause, settlement.Journal.Version, new JsonObject
        {
            ["operation"] = Operation,
            ["error"] = settlement.Message,
            ["undone"] = true,
            ["app_path"] = payload.AppPath,
        }));
    }

    private static EjectPayload Payload(Journal journal) =>
        journal.Eject ?? throw new InvalidOperationException("the eject journal has no eject payload");
}
