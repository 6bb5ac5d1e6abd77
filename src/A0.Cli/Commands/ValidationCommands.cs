using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.Releases;
using A0.State;
using A0.Storage;
using A0.Validation;

namespace A0.Cli.Commands;

/// <summary>validate and report (CONTRACT §6).</summary>
public static class ValidationCommands
{
    public static Command Validate(Invocation invocation)
    {
        var version = OptionalVersion();
        var command = new Command("validate", "Check the staged artifact from a scratch release: integrity, imports, config, tools, prompts, memory, health (executor)") { version };
        invocation.Bind(command, async scope =>
        {
            var requested = scope.Value(version) is { } tag ? TagName.Require(tag) : null;
            using var session = CommandSession.Mutating(scope.Context, "validate", AuthorityLevel.Executor);
            var report = await new ValidationService(session).ValidateAsync(requested, scope.Cancellation).ConfigureAwait(false);
            var output = Render(scope.Context, report, new StateMachine(scope.Context).Load().State);
            return report.Status == ValidationStatus.Passed ? output
                : output with
                {
                    ExitCode = report.IntegrityFailed() ? ExitCode.Integrity : ExitCode.OperationFailed,
                    Problem = $"validation of {report.Version} failed: {string.Join(", ", report.FailedChecks)}; the state is FAILED",
                };
        });
        return command;
    }

    public static Command Report(Invocation invocation)
    {
        var version = OptionalVersion();
        var command = new Command("report", "The latest validation report of a version (default: the artifact awaiting validation, else the current version)") { version };
        invocation.Bind(command, scope =>
        {
            var requested = scope.Value(version) is { } tag ? TagName.Require(tag) : null;
            using var session = CommandSession.ReadOnly(scope.Context, "report");
            var target = requested ?? session.State.ActiveOperation?.Version ?? scope.Context.Metadata.Version.ReadOrNull()?.CurrentVersion
                ?? throw A0Exception.Precondition("name a version: there is no active artifact and no current version");
            var report = new ValidationReports(scope.Context).Latest(target).ReadOrNull()
                ?? throw A0Exception.Precondition($"{target} has no validation report (run `a0 validate`)", "no_report");
            return Render(scope.Context, report, session.State.State);
        });
        return command;
    }

    private static Argument<string?> OptionalVersion() => new("version") { Description = "A release tag such as v0.9.8", Arity = ArgumentArity.ZeroOrOne };

    /// <param name="state">The state now: after `validate`, what the validation left; for `report`, the session's.</param>
    private static CommandOutput Render(A0Context context, ValidationReport report, OperationState state)
    {
        var path = new ValidationReports(context).LatestPath(report.Version);
        var data = new JsonObject
        {
            ["report"] = Json.Node(report, A0Json.Default.ValidationReport),
            ["report_path"] = path,
            ["state"] = state.Name(),
        };
        if (report.Status == ValidationStatus.Failed) data["code"] = report.IntegrityFailed() ? "integrity_violation" : "validation_failed";

        var text = new List<string>
        {
            $"Validation of {report.Version} (build {report.BuildId}, tree_hash {report.TreeHash[..16]}…): {(report.Status == ValidationStatus.Passed ? "PASSED" : "FAILED")} in {(report.ElapsedMs / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} s",
        };
        text.AddRange(report.Checks.Select(c => $"  {c.Key,-22} {(c.Value.Passed ? "passed" : "FAILED"),-7} {c.Value.Ms,7} ms  {c.Value.Error}"));
        text.Add($"Report: {path}");
        return new CommandOutput(data, text);
    }
}
