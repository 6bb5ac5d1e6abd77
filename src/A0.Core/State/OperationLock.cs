using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Processes;
using A0.Storage;

namespace A0.State;

/// <summary>
/// The one lock of all mutating commands: a flock on .billy/lock, taken without waiting, and the owner record in .billy/lock.json.
/// A record left by a dead owner is taken over and audited.
/// </summary>
public sealed class OperationLock : IDisposable
{
    private readonly FileLock fileLock;
    private readonly A0Context context;

    private OperationLock(FileLock fileLock, A0Context context)
    {
        this.fileLock = fileLock;
        this.context = context;
    }

    public static OperationLock Acquire(A0Context context, string command)
    {
        Home.HomeOwner.Require(context, command);
        var fileLock = FileLock.TryAcquire(context.Home.LockFile);
        if (fileLock is null)
        {
            var owner = ReadOwner(context);
            var message = owner is null
                ? "another a0 operation holds .billy/lock"
                : $"locked by pid {owner.Pid} running `{owner.Command}` since {owner.StartedAt:u}";
            throw new A0Exception(ExitCode.Locked, "locked", message);
        }

        try
        {
            var stale = ReadOwner(context);
            if (stale is not null)
            {
                context.Audit.Append(Actor.Recovery, new AuditEvent("lock_taken_over", null, new JsonObject
                {
                    ["dead_pid"] = stale.Pid,
                    ["dead_command"] = stale.Command,
                    ["since"] = stale.StartedAt,
                    ["host"] = stale.Host,
                }));
            }
            context.Metadata.LockOwner.Write(new LockOwner
            {
                Pid = Environment.ProcessId,
                ProcessStartTime = ProcessInfo.StartTime(Environment.ProcessId) ?? 0,
                Host = Environment.MachineName,
                Command = command,
                StartedAt = context.Now,
            });
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
        return new OperationLock(fileLock, context);
    }

    /// <summary>The recorded owner if it is alive (for read-only commands, which never open the lock file).</summary>
    public static LockOwner? LiveOwner(A0Context context) =>
        ReadOwner(context) is { } owner && ProcessInfo.IsAlive(owner.Pid, owner.ProcessStartTime) ? owner : null;

    public static LockOwner? ReadOwner(A0Context context) => context.Metadata.LockOwner.ReadIfUsable();

    public void Dispose()
    {
        context.Metadata.LockOwner.Delete();
        fileLock.Dispose();
    }
}
