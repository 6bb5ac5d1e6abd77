using System.Diagnostics;
using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Audit;
using A0.Integrity;
using A0.Operations;
using A0.State;

namespace A0.Validation;

/// <summary>
/// validate (CONTRACT §6): runs the artifact's own code from a scratch release in $TMPDIR, never production and never the user's
/// data, through every configured check at once, and keeps the report. PASSED stays in VALIDATING, ready for promote;
/// FAILED moves to FAILED (and a failed structural_integrity revokes agents' executor authority).
/// </summary>
public sealed class ValidationService(CommandSession session)
{
    private static readonly IReadOnlyList<IValidationCheck> Checks =
    [
        new StructuralIntegrityCheck(), new ImportSanityCheck(), new ConfigParsingCheck(), new ToolRegistryCheck(),
        new PromptAssetsCheck(), new MemoryInitializationCheck(), new HealthCheck(),
    ];

    private readonly ValidationOperation operation = new();

    private A0Context Context => session.Context;

    public async Task<ValidationReport> ValidateAsync(string? requested, CancellationToken cancellationToken)
    {
        StateMachine.Require(session.State, "validate", OperationState.Validating);
        var version = session.State.ActiveOperation!.Version;
        if (requested is not null && requested != version)
        {
            throw A0Exception.Precondition($"the artifact awaiting validation is {version}, not {requested}");
        }
        var artifact = new ArtifactStore(Context).Require(version);
        var config = Context.Metadata.Config.Read();
        var buildId = artifact.Manifest.BuildId;
        var journal = OperationJournal.Begin(Context, new Journal
        {
            Operation = ValidationOperation.Operation,
            Version = version,
            StartedAt = Context.Now,
            Pid = Environment.ProcessId,
            Validation = new ValidationPayload(buildId, ScratchRelease.NewRoot(Context.TempRoot, buildId)),
        });
        return await journal.RunAsync(operation, session.Actor, async () =>
        {
            var started = Context.Now;
            var clock = Stopwatch.StartNew();
            var scratchRoot = journal.Current.Validation!.ScratchDir;
            Audit("validation_started", version, new JsonObject { ["build_id"] = buildId, ["scratch_dir"] = scratchRoot });
            journal.Step("scratch");
            var dataDir = Context.Home.Data;
            var scratch = ScratchRelease.Create(scratchRoot, artifact.Tree, artifact.Venv, config.UserData, dataDir, config.Validation.SeedPaths);

            journal.Step("checks");
            FaultInjection.Hit(Context, "validate.checks");
            var log = Context.Home.BuildLog(buildId);
            Directory.CreateDirectory(Context.Home.Logs);
            var check = new CheckContext(Context, config.Validation, artifact, scratch, log, journal.ChildStarted);
            var selected = Checks.Where(c => config.Validation.Checks.Contains(c.Name)).ToList();
            var results = await Task.WhenAll(selected.Select(c => RunCheckAsync(c, check, cancellationToken))).ConfigureAwait(false);

            var report = new ValidationReport
            {
                Version = version,
                BuildId = buildId,
                TreeHash = artifact.Manifest.Checksums.TreeHash,
                VirtualenvHash = artifact.Manifest.VirtualenvHash,
                StartedAt = started,
                ElapsedMs = clock.ElapsedMilliseconds,
                Status = results.All(r => r.Result.Passed) ? ValidationStatus.Passed : ValidationStatus.Failed,
                Checks = results.ToDictionary(r => r.Name, r => r.Result, StringComparer.Ordinal),
            };
            var reports = new ValidationReports(Context);
            reports.Write(report);
            var failed = report.FailedChecks.ToList();
            Audit(ValidationOperation.Completed, version, new JsonObject
            {
                ["build_id"] = buildId,
                ["status"] = report.Status == ValidationStatus.Passed ? "PASSED" : "FAILED",
                ["failed_checks"] = new JsonArray([.. failed.Select(f => (JsonNode)f!)]),
                ["elapsed_ms"] = report.ElapsedMs,
                ["report"] = reports.LatestPath(version),
            });
            if (report.IntegrityFailed())
            {
                IntegrityPolicy.Enforce(Context, new IntegrityFinding(IntegrityFinding.ArtifactTampered, report.Checks[StructuralIntegrityCheck.CheckName].Error!));
            }
            journal.Settle(operation, session.Actor, failed.Count == 0 ? ValidationOperation.Completed : ValidationOperation.Failed,
                failed.Count == 0 ? $"{version} passed validation" : $"validation of {version} failed: " + string.Join("; ", failed.Select(f => $"{f}: {report.Checks[f].Error}")));
            return report;
        }).ConfigureAwait(false);
    }

    /// <summary>Times one check; an exception is that check's failure, not the validation's (an interruption still stops everything).</summary>
    private static async Task<(string Name, CheckResult Result)> RunCheckAsync(IValidationCheck check, CheckContext context, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await check.RunAsync(context, cancellationToken).ConfigureAwait(false);
            return (check.Name, result with { Ms = clock.ElapsedMilliseconds });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (check.Name, CheckResult.Fail(clock.ElapsedMilliseconds, e.Message, []));
        }
    }

    private void Audit(string eventType, string version, JsonObject details) => Context.Audit.Append(session.Actor, new AuditEvent(eventType, version, details));
}
