using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Cli.Output;
using A0.Operations;
using A0.State;
using A0.Status;
using A0.Storage;

namespace A0.Cli.Commands;

public static class StatusCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("status", "State, versions, locks, the active operation and the last failure");
        invocation.Bind(command, async scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "status");
            var status = await StatusReader.ReadAsync(session).ConfigureAwait(false);
            foreach (var warning in status.Warnings) scope.Renderer.Warning(warning);
            return new CommandOutput(ToJson(status), ToText(status));
        });
        return command;
    }

    private static JsonObject ToJson(InstallStatus status)
    {
        var json = Fields(status);
        if (status.HealthUrl is not null) json["running_version"] = status.RunningVersion;
        return json;
    }

    private static JsonObject Fields(InstallStatus status) => new()
    {
        ["state"] = status.State.State.Name(),
        ["previous_state"] = status.State.PreviousState?.Name(),
        ["reason"] = status.State.Reason,
        ["current_version"] = status.Version?.CurrentVersion,
        ["known_good_version"] = status.KnownGood?.Version,
        ["active_operation"] = Json.Node(status.State.ActiveOperation, A0Json.Default.ActiveOperation),
        ["last_failure"] = Json.Node(status.State.LastFailure, A0Json.Default.FailureRecord),
        ["pending_approval"] = Json.Node(status.PendingApproval, A0Json.Default.PendingApproval),
        ["locks"] = new JsonObject { ["operation"] = Json.Node(status.Lock, A0Json.Default.LockOwner) },
        ["dead_operation"] = status.DeadOperation,
        ["app_restart"] = status.ServiceManaged ? "a0 restarts the app (service.restart_command)" : "the running app is yours to restart after a switch",
        ["validation"] = status.Validation is not { } validation ? null : new JsonObject
        {
            ["version"] = validation.Version,
            ["build_id"] = validation.BuildId,
            ["status"] = validation.Phase,
            ["report"] = validation.Report is null ? null : validation.ReportPath,
        },
        ["actor"] = status.Actor.Name,
        ["agent_id"] = status.Actor.AgentId,
        ["authority_level"] = status.Actor.Level.ToString().ToLowerInvariant(),
        ["warnings"] = Json.Array(status.Warnings),
    };

    private static List<string> ToText(InstallStatus status)
    {
        var text = new List<string>();
        text.Add($"state:          {status.State.State.Name()}{(status.State.PreviousState is { } previous ? $" (from {previous.Name()}, {status.State.Reason})" : "")}");
        text.Add($"current:        {status.Version?.CurrentVersion ?? "-"}");
        text.Add($"known good:     {status.KnownGood?.Version ?? "-"}");
        if (status.State.ActiveOperation is { } operation)
        {
            text.Add($"operation:      {operation.Kind} {operation.Version} since {operation.StartedAt:u}");
        }
        if (status.HealthUrl is not null) text.Add($"running:        {status.RunningVersion ?? "unknown (the app does not answer service.health_url)"}");
        if (!status.ServiceManaged && status.State.State == OperationState.Complete) text.Add("restart:        the app path runs the new release; restart Agent Zero to run it (no service.restart_command)");
        if (status.Validation is { } validation)
        {
            text.Add($"validation:     {(validation.Passed ? $"PASSED, ready for `a0 promote` (report {validation.ReportPath})" : "awaiting `a0 validate`")}");
        }
        if (status.PendingApproval is { } pending)
        {
            text.Add($"approval:       {pending.Version} {pending.Status.ToString().ToLowerInvariant()} (requested by {pending.RequestedBy}, expires {pending.ExpiresAt:u})");
        }
        if (status.State.LastFailure is { } failure)
        {
            text.Add($"last failure:   {failure.Reason}: {failure.Message}{(failure.BuildLogPath is null ? "" : $" (log: {failure.BuildLogPath})")}");
        }
        if (status.Lock is { } owner)
        {
            text.Add($"lock:           pid {owner.Pid} running `{owner.Command}` since {owner.StartedAt:u}");
        }
        if (status.DeadOperation is { } dead) text.Add($"interrupted:    {dead}");
        text.Add($"you:            {status.Actor.Name} ({status.Actor.Level.ToString().ToLowerInvariant()})");
        return text;
    }
}
