using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.Releases;
using A0.Staging;
using A0.State;

namespace A0.Cli.Commands;

/// <summary>begin-staging, abandon, staging-status (CONTRACT §5).</summary>
public static class StagingCommands
{
    public static Command Begin(Invocation invocation)
    {
        var version = VersionArgument.Create();
        var rebuild = new Option<bool>("--rebuild") { Description = "Build again and re-point the artifact once the new build is complete" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Resolve and check everything; write nothing" };
        var retry = new Option<bool>("--retry") { Description = "Leave FAILED by staging the approved release again" };
        var command = new Command("begin-staging", "Build the approved release into a verified artifact (executor)") { version, rebuild, dryRun, retry };
        invocation.Bind(command, async scope =>
        {
            var tag = VersionArgument.Of(scope, version);
            using var session = CommandSession.Mutating(scope.Context, "begin-staging", AuthorityLevel.Executor);
            using var sources = new ReleaseSources(scope.Context, scope.Context.Metadata.Config.Read());
            var options = new StagingOptions(tag, scope.Value(rebuild), scope.Value(dryRun), scope.Value(retry));
            var result = await ProgressDisplay.RunAsync(scope.Renderer,
                progress => new StagingService(session, sources, progress).BeginAsync(options, scope.Cancellation)).ConfigureAwait(false);
            var data = new JsonObject
            {
                ["version"] = result.Version,
                ["build_id"] = result.BuildId,
                ["commit_sha"] = result.CommitSha,
                ["tree_hash"] = result.TreeHash,
                ["dry_run"] = result.DryRun,
                ["reused"] = result.Reused,
                ["plan"] = Json.Array(result.Plan),
                ["state"] = result.DryRun ? session.State.State.Name() : "VALIDATING",
            };
            IReadOnlyList<string> text = result.DryRun
                ? [$"Dry run for {tag} (commit {result.CommitSha[..12]}): every check passed. Would:", .. result.Plan.Select(step => $"  {step}")]
                : [$"Staged {tag}{(result.Reused ? " (existing artifact re-verified)" : "")}: build {result.BuildId}, tree_hash {result.TreeHash}. State: VALIDATING."];
            return new CommandOutput(data, text);
        });
        return command;
    }

    public static Command Abandon(Invocation invocation)
    {
        var command = new Command("abandon", "Leave VALIDATING for IDLE; the artifact stays (executor)");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.Mutating(scope.Context, "abandon", AuthorityLevel.Executor);
            StateMachine.Require(session.State, "abandon", OperationState.Validating);
            var version = session.State.ActiveOperation!.Version;
            session.StateMachine.Transition(session.Actor, OperationState.Idle, "staging_abandoned", version: version);
            return CommandOutput.Of($"Abandoned {version}; its artifact stays. State: IDLE.", new JsonObject { ["version"] = version, ["state"] = "IDLE" });
        });
        return command;
    }

    public static Command Status(Invocation invocation)
    {
        var command = new Command("staging-status", "The build in progress: id, phase, elapsed, pid, log");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "staging-status");
            var operation = session.State.ActiveOperation;
            var journal = scope.Context.Metadata.Journal.ReadOrNull();
            var staging = journal?.Operation == StagingService.Operation ? journal : null;
            var dead = new RecoveryService(scope.Context).DeadOperation();
            if (operation is null || session.State.State is not (OperationState.Staging or OperationState.Validating))
            {
                return CommandOutput.Of($"No staging in progress (state {session.State.State.Name()}).", new JsonObject { ["state"] = session.State.State.Name(), ["staging"] = null });
            }
            var elapsed = scope.Context.Now - operation.StartedAt;
            var phase = session.State.State == OperationState.Validating ? "complete" : staging?.Step ?? "starting";
            var log = operation.BuildId is null ? null : scope.Context.Home.BuildLog(operation.BuildId);
            return new CommandOutput(new JsonObject
            {
                ["state"] = session.State.State.Name(),
                ["staging"] = new JsonObject
                {
                    ["version"] = operation.Version,
                    ["build_id"] = operation.BuildId,
                    ["phase"] = phase,
                    ["elapsed_seconds"] = (long)elapsed.TotalSeconds,
                    ["pid"] = operation.Pid,
                    ["log_path"] = log,
                    ["dead"] = dead,
                },
            }, [$"{operation.Version}: build {operation.BuildId}, phase {phase}, {elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, pid {operation.Pid}, log {log}", .. dead is null ? Array.Empty<string>() : [dead]]);
        });
        return command;
    }
}
