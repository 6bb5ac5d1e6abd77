using A0.Artifacts;
using A0.Integrity;
using A0.Authority;
using A0.Operations;
using A0.Processes;
using A0.State;
using A0.Status;
using A0.Storage;

namespace A0.Inspection;

/// <summary>
/// Checks the whole home and names, for each problem, a fix that works. Every check runs whatever the others found: one bad
/// file is reported once, by the metadata check, and does not hide the rest.
/// </summary>
public sealed class Doctor(A0Context context)
{
    private const string RecoverFix = "a0 recover --i-understand (rebuilds the state and version.json from what the app path runs)";

    public IReadOnlyList<Finding> Examine()
    {
        var findings = new List<Finding>();
        foreach (var (check, run) in new (string, Action<List<Finding>>)[]
        {
            ("metadata", CheckMetadata), ("app path", CheckAppPath), ("state", CheckState), ("audit", CheckAudit),
            ("lock", CheckLock), ("artifacts", CheckArtifacts), ("builds", CheckBuilds), ("environment", CheckEnvironment),
            ("agent user", list => list.AddRange(AgentUserCheck.Findings(context))),
        })
        {
            try
            {
                run(findings);
            }
            catch (A0Exception e)
            {
                findings.Add(new Finding(e.ExitCode == ExitCode.Integrity ? Severity.Integrity : Severity.Problem, check, e.Message));
            }
        }
        return findings.DistinctBy(f => f.Message).ToList();
    }

    private void CheckMetadata(List<Finding> findings)
    {
        var store = context.Metadata;
        var files = new (string Name, Func<object?> Read, bool Required, string Fix)[]
        {
            ("config.json", store.Config.ReadOrNull, true, "restore .billy/config.json from a backup or fix the named field (a0 cannot rebuild it: it names the release source and the app path)"),
            ("authority.json", store.Authority.ReadOrNull, true, "restore .billy/authority.json from a backup or fix the named field (a0 cannot rebuild who may do what)"),
            ("state.json", store.State.ReadOrNull, true, RecoverFix),
            ("version.json", store.Version.ReadOrNull, true, RecoverFix),
            ("known_good.json", store.KnownGood.ReadOrNull, true, "restore .billy/known_good.json from a backup or fix the named field"),
            ("pending_approval.json", store.PendingApproval.ReadOrNull, false, "remove .billy/pending_approval.json (the request is lost; ask again with a0 request-upgrade)"),
            ("audit_head.json", store.AuditHead.ReadOrNull, false, "a0 recover --i-understand (the next append records the damage, and a human acknowledges it)"),
            ("journal.json", store.Journal.ReadOrNull, false, RecoverFix),
            ("lock.json", store.LockOwner.ReadOrNull, false, "remove .billy/lock.json once no a0 command is running"),
        };
        var ok = true;
        foreach (var (name, read, required, fix) in files)
        {
            try
            {
                if (read() is null && required)
                {
                    ok = false;
                    findings.Add(new Finding(Severity.Problem, "metadata", $".billy/{name} is missing", fix));
                }
            }
            catch (A0Exception e)
            {
                ok = false;
                findings.Add(e.Code == "newer_schema"
                    ? new Finding(Severity.Problem, "metadata", e.Message, "upgrade a0")
                    : new Finding(e.ExitCode == ExitCode.Integrity ? Severity.Integrity : Severity.Problem, "metadata", e.Message, fix));
            }
        }
        if (ok) findings.Add(new Finding(Severity.Ok, "metadata", "every metadata file is valid"));
    }

    private void CheckAppPath(List<Finding> findings)
    {
        if (context.Metadata.Config.ReadIfUsable() is not { } config || context.Metadata.Version.ReadIfUsable() is not { } version) return;
        var problem = AppPathCheck.Problem(context);
        var appPath = config.AppPath;
        findings.Add(problem is null
            ? new Finding(Severity.Ok, "app path", $"the app path points at releases/{version.CurrentVersion}")
            : new Finding(Severity.Integrity, "app path", problem, $"ln -sfn {context.Home.Release(version.CurrentVersion)} {appPath} (points it back at the release version.json names)"));
    }

    private void CheckState(List<Finding> findings)
    {
        var state = new StateMachine(context).Load();
        var dead = new RecoveryService(context).DeadOperation();
        if (dead is not null) findings.Add(new Finding(Severity.Problem, "operation", dead, "any mutating command recovers it, e.g. a0 clear-failure"));
        else if (state.State == OperationState.FailedHard) findings.Add(new Finding(Severity.Problem, "state", $"FAILED_HARD: {state.LastFailure?.Message ?? state.Reason}", RecoverFix));
        else if (state.State == OperationState.Failed) findings.Add(new Finding(Severity.Warning, "state", $"FAILED: {state.LastFailure?.Message}", "a0 clear-failure or a0 begin-staging <v> --retry"));
        else findings.Add(new Finding(Severity.Ok, "state", state.State.Name()));
    }

    private void CheckAudit(List<Finding> findings)
    {
        var verification = context.Audit.Verify();
        IntegrityPolicy.Enforce(context, verification);
        var acknowledged = verification.Damage.Count == 0 ? "" : $"; acknowledged damage at line {string.Join(", ", verification.Damage.Select(d => d.Line))}";
        findings.Add(verification.IsIntact
            ? new Finding(Severity.Ok, "audit", $"audit chain intact ({verification.Entries} entries{acknowledged})")
            : new Finding(Severity.Integrity, "audit", verification.Summary!, verification.Fix));
    }

    private void CheckLock(List<Finding> findings)
    {
        var owner = OperationLock.ReadOwner(context);
        if (owner is null) return;
        findings.Add(OperationLock.LiveOwner(context) is null
            ? new Finding(Severity.Warning, "lock", $"lock.json names pid {owner.Pid} (`{owner.Command}`), which is gone", "the next mutating command takes the lock over")
            : new Finding(Severity.Ok, "lock", $"held by pid {owner.Pid} running `{owner.Command}` since {owner.StartedAt:u}"));
    }

    /// <summary>Each artifact link must resolve to a build whose manifest.json is a valid regular file (what list-artifacts reads).</summary>
    private void CheckArtifacts(List<Finding> findings)
    {
        if (!Directory.Exists(context.Home.Artifacts)) return;
        foreach (var link in Directory.EnumerateFileSystemEntries(context.Home.Artifacts).Order(StringComparer.Ordinal))
        {
            var fix = $"rm {link} (the next mutating a0 command removes its build); stage it again with a0 begin-staging {Path.GetFileName(link)}";
            if (new FileInfo(link).LinkTarget is not { } target)
            {
                findings.Add(new Finding(Severity.Integrity, "artifacts", $"{link} is not a symlink to a build", fix));
                continue;
            }
            var build = Path.GetFullPath(target, context.Home.Artifacts);
            try
            {
                if (ArtifactStore.ManifestOf(build).ReadOrNull() is null) findings.Add(new Finding(Severity.Problem, "artifacts", $"{link} is published but {build} has no manifest.json", fix));
            }
            catch (A0Exception e)
            {
                findings.Add(new Finding(e.ExitCode == ExitCode.Integrity ? Severity.Integrity : Severity.Problem, "artifacts", e.Message, fix));
            }
        }
    }

    private void CheckBuilds(List<Finding> findings)
    {
        if (!Directory.Exists(context.Home.Builds)) return;
        var referenced = new ArtifactStore(context).ReferencedBuilds();
        // The build a staging is making is not published yet; state.json names it while the operation is under way.
        if (context.Metadata.State.ReadIfUsable()?.ActiveOperation?.BuildId is { } live) referenced.Add(context.Home.Build(live));
        foreach (var build in Directory.EnumerateDirectories(context.Home.Builds).Where(build => !referenced.Contains(build)))
        {
            findings.Add(new Finding(Severity.Warning, "builds", $"{build} is not published and no release uses it (garbage)", "the next mutating command removes it, e.g. a0 cleanup-artifacts"));
        }
    }

    private void CheckEnvironment(List<Finding> findings)
    {
        var config = context.Metadata.Config.ReadIfUsable();
        var policy = context.Metadata.Authority.ReadIfUsable();
        if (policy is not null && config is not null && policy.AgentUser is null && config.Approval.Signers is null)
        {
            findings.Add(new Finding(Severity.Warning, "authority", "no agent_user and no approval.signers: an agent running as a human's OS user could act as that human",
                "a0 init --agent-user U on a fresh home, or set approval.signers in config.json"));
        }
        if (config is null) return;
        foreach (var directory in new[] { context.Home.Billy, context.TempRoot }.Distinct())
        {
            var free = new DriveInfo(directory).AvailableFreeSpace;
            if (free < config.Staging.MinFreeBytes)
            {
                findings.Add(new Finding(Severity.Warning, "disk", $"{directory} has {free / (1024 * 1024)} MiB free, staging needs {config.Staging.MinFreeBytes / (1024 * 1024)} MiB",
                    "free space, or lower staging.min_free_bytes in config.json; a0 cleanup-artifacts"));
            }
        }
        if (PythonLocator.Find(config.Python, context.Variable("PATH")) is null)
        {
            findings.Add(new Finding(Severity.Problem, "python", $"the configured interpreter '{config.Python}' is not found", "install it or set python in .billy/config.json"));
        }
    }
}
