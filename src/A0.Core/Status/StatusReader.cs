using A0.Approvals;
using A0.Operations;
using A0.State;

namespace A0.Status;

public static class StatusReader
{
    public static async Task<InstallStatus> ReadAsync(CommandSession session)
    {
        var context = session.Context;
        var service = context.Metadata.Config.Read().Service;
        var warnings = new List<string>();
        if (session.AppPathDrift is { } drift) warnings.Add(drift);
        var pending = context.Metadata.PendingApproval.ReadOrNull();
        return new InstallStatus(
            session.State,
            context.Metadata.Version.ReadOrNull(),
            context.Metadata.KnownGood.ReadOrNull(),
            pending is not null && pending.IsOpen(context.Now) ? pending : null,
            OperationLock.LiveOwner(context),
            session.Actor,
            new RecoveryService(context).DeadOperation(),
            Validation.ValidationStanding.Of(context, session.State),
            service.Manages,
            service.HealthUrl,
            await RunningVersion.QueryAsync(context, service.HealthUrl).ConfigureAwait(false),
            warnings);
    }
}
