using System.Text.Json.Nodes;
using A0.Approvals;
using A0.Artifacts;
using A0.Audit;
using A0.Config;
using A0.Operations;
using A0.Releases;
using A0.State;
using A0.Storage;

namespace A0.Staging;

/// <summary>
/// begin-staging (CONTRACT §5): an approved release built in isolation into an immutable, checksummed artifact.
/// IDLE→STAGING→VALIDATING, or FAILED with nothing left behind but the log. Production is never touched.
/// </summary>
public sealed class StagingService(CommandSession session, ReleaseSources sources, IProgress<StagingProgress>? progress = null)
{
    public const string Operation = StagingOperation.Operation;

    private readonly StagingOperation operation = new();

    private A0Context Context => session.Context;

    public async Task<StagingResult> BeginAsync(StagingOptions options, CancellationToken cancellationToken)
    {
        var version = options.Version;
        var config = Context.Metadata.Config.Read();
        if (options.Retry) StateMachine.Require(session.State, "begin-staging --retry", OperationState.Idle, OperationState.Failed);
        else StateMachine.Require(session.State, "begin-staging", OperationState.Idle);
        var approval = new ApprovalService(session, sources).RequireApproved(version);
        if (options.Rebuild && (Context.Metadata.Version.ReadOrNull()?.CurrentVersion == version || Context.Metadata.KnownGood.ReadOrNull()?.Version == version))
        {
            throw A0Exception.Precondition($"{version} is the current or known-good version; its artifact is not rebuilt");
        }
        var existing = options.Rebuild ? null : new ArtifactStore(Context).Find(version);
        if (existing is not null && existing.Manifest.CommitSha != approval.CommitSha)
        {
            throw A0Exception.Precondition($"the artifact for {version} was built from {existing.Manifest.CommitSha}, not the approved {approval.CommitSha}; use --rebuild");
        }
        var python = Preflight.Check(Context, config);
        var resolved = await sources.ResolveVerifiedAsync(version, cancellationToken).ConfigureAwait(false);
        ApprovalService.RequireUnmoved(approval, resolved);

        if (options.DryRun) return Plan(options, config, resolved, python, existing);
        var from = session.State.State;
        var buildId = existing?.Manifest.BuildId ?? BuildIdentifier.New(version, Context.Now);
        var workspace = BuildWorkspace.For(Context.Home, Context.TempRoot, buildId);
        var journal = OperationJournal.Begin(Context, new Journal
        {
            Operation = Operation,
            Version = version,
            StartedAt = Context.Now,
            Pid = Environment.ProcessId,
            Staging = new StagingPayload(buildId, workspace.TempDir, resolved.CommitSha, Reuse: existing is not null),
        });
        return await journal.RunAsync(operation, session.Actor, async () =>
        {
            session.StateMachine.Transition(session.Actor, OperationState.Staging, from == OperationState.Failed ? "retry_requested" : "approval_granted",
                next => next with { ActiveOperation = new ActiveOperation(Operation, version, Context.Now) { BuildId = buildId, Pid = Environment.ProcessId } },
                version, new JsonObject { ["approval_id"] = approval.ApprovalId, ["commit_sha"] = approval.CommitSha });
            var result = existing is not null
                ? Reverify(journal, existing)
                : await BuildAsync(journal, config, version, resolved, python, workspace, cancellationToken).ConfigureAwait(false);
            journal.Settle(operation, session.Actor, "staging_completed", $"{version} is staged as build {buildId}");
            return result;
        }).ConfigureAwait(false);
    }

    private async Task<StagingResult> BuildAsync(OperationJournal journal, A0Config config, string version, ResolvedTag resolved, string python, BuildWorkspace workspace, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Context.Home.Logs);
        Audit("staging_started", version, new JsonObject { ["build_id"] = workspace.BuildId, ["temp_dir"] = workspace.TempDir, ["build_log_path"] = workspace.LogPath });

        var builder = new ReleaseBuilder(Context, config, workspace, journal.ChildStarted, progress);
        journal.Step("clone");
        // Work beside the critical path (the venv beside the clone, then the tree hash beside pip) stops and is waited
        // for before a failure goes on to be settled, so nothing of it still runs (or writes) once the build is removed.
        using var beside = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var venvCreation = builder.StartVenv(python, beside.Token);
        Task<TreeChecksums>? treeHashing = null;
        string pythonVersion;
        try
        {
            await builder.CloneAsync(version, cancellationToken).ConfigureAwait(false);
            await builder.VerifyCloneAsync(version, resolved, cancellationToken).ConfigureAwait(false);
            Audit("clone_completed", version, new JsonObject { ["commit_sha"] = resolved.CommitSha, ["tag_object_sha"] = resolved.TagObjectSha });
            FaultInjection.Hit(Context, "staging.after_clone");

            journal.Step("move");
            await builder.MoveTreeAsync(cancellationToken).ConfigureAwait(false);

            // The tree is hashed while the venv is made and pip runs: the two touch different directories.
            journal.Step("install");
            var excluded = new HashSet<string>(config.UserData.Append(".git"), StringComparer.Ordinal);
            treeHashing = Task.Run(() => builder.Hash(workspace.Tree, excluded, "hash tree", beside.Token), beside.Token);
            pythonVersion = await builder.FinishVenvAsync(python, venvCreation, cancellationToken).ConfigureAwait(false);
            FaultInjection.Hit(Context, "staging.before_pip");
            await builder.InstallRequirementsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await beside.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(venvCreation, treeHashing ?? Task.CompletedTask)).ConfigureAwait(false);
            throw;
        }
        Audit("dependencies_installed", version, new JsonObject { ["python_version"] = pythonVersion });

        journal.Step("checksums");
        var tree = await treeHashing.ConfigureAwait(false);
        var venv = builder.Hash(workspace.Venv, new HashSet<string>(), "hash venv", cancellationToken);
        Audit("checksums_computed", version, new JsonObject { ["tree_hash"] = tree.TreeHash, ["virtualenv_hash"] = venv.TreeHash, ["files"] = tree.FileCount + venv.FileCount });

        journal.Step("manifest");
        var manifest = new StagingManifest
        {
            Version = version,
            BuiltAt = Context.Now,
            SourceUrl = config.CloneUrl,
            CommitSha = resolved.CommitSha,
            TagObjectSha = resolved.TagObjectSha,
            BuildId = workspace.BuildId,
            BuildLogPath = workspace.LogPath,
            PythonVersion = pythonVersion,
            SizeBytes = tree.TotalBytes + venv.TotalBytes,
            Checksums = new ManifestChecksums("sha256", tree.Files, tree.Kinds, tree.TreeHash),
            VenvChecksums = new ManifestVenvChecksums(venv.Files, venv.Kinds),
            VirtualenvHash = venv.TreeHash,
        };
        ArtifactStore.ManifestOf(workspace.BuildPath).Write(manifest);
        BuildDirectory.MakeReadOnly(workspace.BuildPath);

        journal.Step("publish");
        new ArtifactStore(Context).Publish(version, workspace.BuildId);
        FaultInjection.Hit(Context, "staging.after_publish");
        Audit("artifact_stored", version, new JsonObject { ["build_id"] = workspace.BuildId, ["tree_hash"] = tree.TreeHash, ["size_bytes"] = manifest.SizeBytes });
        return new StagingResult(version, workspace.BuildId, resolved.CommitSha, tree.TreeHash, DryRun: false, Reused: false, []);
    }

    /// <summary>An artifact already built from the approved commit: re-verified, not rebuilt.</summary>
    private StagingResult Reverify(OperationJournal journal, Artifact artifact)
    {
        var verification = new ArtifactVerifier(Context).Verify(artifact);
        if (!verification.IsIntact)
        {
            throw new OperationFailure("integrity_violation", ExitCode.Integrity, "integrity_violation",
                $"the existing artifact for {artifact.Version} does not match its manifest: {verification.Summary}; use --rebuild");
        }
        journal.Step(StagingOperation.Reverified);
        Audit("artifact_reused", artifact.Version, new JsonObject { ["build_id"] = artifact.Manifest.BuildId, ["tree_hash"] = artifact.Manifest.Checksums.TreeHash });
        return new StagingResult(artifact.Version, artifact.Manifest.BuildId, artifact.Manifest.CommitSha, artifact.Manifest.Checksums.TreeHash, DryRun: false, Reused: true, []);
    }

    private StagingResult Plan(StagingOptions options, A0Config config, ResolvedTag resolved, string python, Artifact? existing)
    {
        var workspace = BuildWorkspace.For(Context.Home, Context.TempRoot, BuildIdentifier.New(options.Version, Context.Now));
        IReadOnlyList<string> plan = existing is not null
            ? [$"re-verify the existing artifact {existing.Manifest.BuildId} and move to VALIDATING"]
            :
            [
                $"git clone --depth 1 --branch {options.Version} {config.CloneUrl} into {workspace.TempDir}",
                $"check HEAD is {resolved.CommitSha}{(resolved.TagObjectSha is null ? "" : $" (tag object {resolved.TagObjectSha})")}",
                $"move the tree to {workspace.Tree}",
                $"{python} -m venv {workspace.Venv}; pip install -r requirements.txt (and requirements2.txt)",
                "hash tree and venv, write manifest.json, publish " + Context.Home.Artifact(options.Version) + (options.Rebuild ? " (replacing the current one)" : ""),
            ];
        return new StagingResult(options.Version, null, resolved.CommitSha, null, DryRun: true, Reused: false, plan);
    }

    private void Audit(string eventType, string version, JsonObject details) => Context.Audit.Append(session.Actor, new AuditEvent(eventType, version, details));
}
