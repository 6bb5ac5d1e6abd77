using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Integrity;
using A0.Operations;
using A0.State;
using A0.Validation;

namespace A0.Promotion;

/// <summary>
/// promote (CONTRACT §7): after a PASSED validation of the unchanged artifact, snapshot user data, make releases/&lt;v&gt;/,
/// flip the app path, record the version, check health (and keep checking through a probation period); any failure rolls
/// back by itself (PROMOTING → ROLLING_BACK → IDLE, exit 1). Success is COMPLETE, awaiting a human's `confirm`.
/// </summary>
public sealed class PromotionService(CommandSession session)
{
    private readonly PromoteOperation operation = new();

    private A0Context Context => session.Context;

    public async Task<SwitchResult> PromoteAsync(TimeSpan probation, bool noSnapshot)
    {
        StateMachine.Require(session.State, "promote", OperationState.Validating);
        var standing = ValidationStanding.Of(Context, session.State)!;
        if (!standing.Passed)
        {
            throw A0Exception.Precondition($"{standing.Version} has no PASSED validation of the build awaiting promotion; run `a0 validate` first", "not_validated");
        }
        var version = standing.Version;
        var artifact = standing.Artifact!;
        var verification = new ArtifactVerifier(Context).Verify(artifact);
        if (!verification.IsIntact)
        {
            var finding = $"the artifact of {version} changed after its validation: {verification.Summary}";
            IntegrityPolicy.Enforce(Context, new IntegrityFinding(IntegrityFinding.ArtifactTampered, finding));
            throw A0Exception.Integrity(finding);
        }
        var config = Context.Metadata.Config.Read();
        var current = Context.Metadata.Version.Read();
        if (current.CurrentVersion == version) throw A0Exception.Precondition($"{version} is already the current version");
        var bytes = new SnapshotStore(Context).Size();
        if (!noSnapshot && bytes > config.Snapshot.MaxBytes)
        {
            throw A0Exception.Precondition(
                $"user data is {bytes / 1048576} MiB, above snapshot.max_bytes ({config.Snapshot.MaxBytes / 1048576} MiB); free space or run `a0 promote --no-snapshot` to switch without one", "snapshot_too_large");
        }

        var maker = new ReleaseMaker(Context);
        var journal = OperationJournal.Begin(Context, new Journal
        {
            Operation = PromoteOperation.Operation,
            Version = version,
            StartedAt = Context.Now,
            Pid = Environment.ProcessId,
            Switch = new SwitchPayload(current.CurrentVersion, version, new AppSwitch(Context, config.AppPath).CurrentTarget())
            {
                FromCommitSha = current.CommitSha,
                ToCommitSha = artifact.Manifest.CommitSha,
                NewRelease = maker.TempFor(version),
                SnapshotId = noSnapshot ? null : SnapshotStore.NewId(Context.Now),
                ScratchDir = ScratchRelease.NewRoot(Context.TempRoot, "promote"),
            },
        });
        try
        {
            return await journal.RunAsync(operation, session.Actor, async () =>
            {
                var payload = journal.Current.Switch!;
                var switching = new SwitchSteps(Context, config, journal, session.Actor);
                session.StateMachine.Transition(session.Actor, OperationState.Promoting, "validation_passed",
                    next => next with { ActiveOperation = new ActiveOperation(PromoteOperation.Operation, version, Context.Now) { BuildId = artifact.Manifest.BuildId, Pid = Environment.ProcessId } },
                    version, new JsonObject { ["report"] = standing.ReportPath, ["build_id"] = artifact.Manifest.BuildId });
                switching.Snapshot(current.CurrentVersion, version, payload.SnapshotId, bytes);

                journal.Step("release");
                var skipped = maker.Make(version, artifact, payload.NewRelease!, config.UserData);
                switching.Audit("release_made", version, new JsonObject { ["release"] = maker.Release(version), ["build_id"] = artifact.Manifest.BuildId, ["user_data_skipped"] = skipped.Count });

                switching.Switch(maker.Release(version), version, artifact.Manifest.CommitSha);
                var verdict = await switching.HealthAsync(maker.Release(version), probation).ConfigureAwait(false);
                if (!verdict.Healthy)
                {
                    throw new OperationFailure("health_check_failed", ExitCode.OperationFailed, "health_check_failed", $"{version} failed its health check after the switch: {verdict.Error}");
                }
                journal.Settle(operation, session.Actor, PromoteOperation.Completed, $"{version} is live");
                return new SwitchResult(current.CurrentVersion, version, OperationState.Complete, verdict, switching.LogPath);
            }).ConfigureAwait(false);
        }
        catch (A0Exception failure) when (failure.ExitCode == ExitCode.OperationFailed)
        {
            var after = new StateMachine(Context).Load();
            var outcome = after.State == OperationState.Idle
                ? $"rolled back: {current.CurrentVersion} runs again"
                : $"and switching back failed too: the state is {after.State.Name()} ({after.LastFailure?.Message})";
            throw A0Exception.Failed($"{failure.Message}; {outcome}", failure.Code);
        }
    }
}
