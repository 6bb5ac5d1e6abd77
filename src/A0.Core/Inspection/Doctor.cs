using A0.Artifacts;
using A0.Operations;
using A0.Processes;
using A0.State;
using A0.Status;
using A0.Storage;

namespace A0.Inspection;

/// <summary>Checks the whole home and names the command that fixes each problem.</summary>
public sealed class Doctor(A0Context context)
{
    public IReadOnlyList<Finding> Examine()
    {
        var findings = new List<Finding>();
        var metadataOk = CheckMetadata(findings);
        if (metadataOk) CheckAppPath(findings);
        CheckState(findings);
        CheckAudit(findings);
        CheckLock(findings);
        CheckBuilds(findings);
        if (metadataOk) CheckEnvironment(findings);
        findings.AddRange(AgentUserCheck.Findings(context));
        return findings;
    }

    private bool CheckMetadata(List<Finding> findings)
    {
        var store = context.Metadata;
        var files = new (string Name, Func<object?> Read, bool Required)[]
        {
            ("config.json", store.Config.ReadOrNull, true),
            ("authority.json", store.Authority.ReadOrNull, true),
            ("state.json", store.State.ReadOrNull, true),
            ("version.json", store.Version.ReadOrNull, true),
            ("known_good.json", store.KnownGood.ReadOrNull, true),
            ("pending_approval.json", store.PendingApproval.ReadOrNull, false),
            ("audit_head.json", store.AuditHead.ReadOrNull, false),
            ("journal.json", store.Journal.ReadOrNull, false),
        };
        var ok = true;
        foreach (var (name, read, required) in files)
        {
            try
            {
                if (read() is null && required)
                {
                    ok = false;
                    findings.Add(new Finding(Severity.Problem, "metadata", $".billy/{name} is missing", "a0 init (or restore it from a backup)"));
                }
            }
            catch (A0Exception e)
            {
                ok = false;
                findings.Add(new Finding(e.ExitCode == ExitCode.Integrity ? Severity.Integrity : Severity.Problem, "metadata", e.Message,
                    name == "state.json" ? "a0 recover --i-understand" : $"restore .billy/{name} from a backup or fix the named field"));
            }
        }
        if (ok) findings.Add(new Finding(Severity.Ok, "metadata", "every metadata file is valid"));
        return ok;
    }

    private void CheckAppPath(List<Finding> findings)
    {
        var problem = AppPathCheck.Problem(context);
        findings.Add(problem is null
            ? new Finding(Severity.Ok, "app path", $"the app path points at releases/{context.Metadata.Version.Read().CurrentVersion}")
            : new Finding(Severity.Integrity, "app path", problem, "a0 recover --i-understand (records what the app path runs now)"));
    }

    private void CheckState(List<Finding> findings)
    {
        if (!context.Metadata.State.Exists) return;
        var state = new StateMachine(context).Load();
        var dead = new RecoveryService(context).DeadOperation();
        if (dead is not null) findings.Add(new Finding(Severity.Problem, "operation", dead, "any mutating command recovers it, e.g. a0 clear-failure"));
        else if (state.State == OperationState.FailedHard) findings.Add(new Finding(Severity.Problem, "state", $"FAILED_HARD: {state.LastFailure?.Message ?? state.Reason}", "a0 recover --i-understand"));
        else if (state.State == OperationState.Failed) findings.Add(new Finding(Severity.Warning, "state", $"FAILED: {state.LastFailure?.Message}", "a0 clear-failure or a0 begin-staging <v> --retry"));
        else findings.Add(new Finding(Severity.Ok, "state", state.State.Name()));
    }

    private void CheckAudit(List<Finding> findings)
    {
        var verification = context.Audit.Verify();
        findings.Add(verification.IsIntact
            ? new Finding(Severity.Ok, "audit", $"audit chain intact ({verification.Entries} entries)")
            : new Finding(Severity.Integrity, "audit", $"audit chain broken at line {verification.BadLine}: {verification.Problem}", "restore .billy/upgrade_history.log from a backup; a0 audit verify"));
    }

    private void CheckLock(List<Finding> findings)
    {
        var owner = OperationLock.ReadOwner(context);
        if (owner is null) return;
        findings.Add(OperationLock.LiveOwner(context) is null
            ? new Finding(Severity.Warning, "lock", $"lock.json names pid {owner.Pid} (`{owner.Command}`), which is gone", "the next mutating command takes the lock over")
            : new Finding(Severity.Ok, "lock", $"held by pid {owner.Pid} running `{owner.Command}` since {owner.StartedAt:u}"));
    }

    private void CheckBuilds(List<Finding> findings)
    {
        if (!Directory.Exists(context.Home.Builds)) return;
        var store = new ArtifactStore(context);
        var referenced = store.ReferencedBuilds();
        foreach (var build in Directory.EnumerateDirectories(context.Home.Builds).Where(build => !referenced.Contains(build)))
        {
            findings.Add(new Finding(Severity.Warning, "builds", $"{build} is not published and no release uses it (garbage)", "the next mutating command removes it; or a0 cleanup-artifacts"));
        }
        foreach (var artifact in store.PublishedBuilds().Where(build => !File.Exists(Path.Combine(build, ArtifactStore.ManifestName))))
        {
            findings.Add(new Finding(Severity.Problem, "artifacts", $"{artifact} is published but has no manifest.json", "a0 cleanup-artifacts"));
        }
    }

    private void CheckEnvironment(List<Finding> findings)
    {
        var config = context.Metadata.Config.Read();
        var policy = context.Metadata.Authority.Read();
        if (policy.AgentUser is null && config.Approval.Signers is null)
        {
            findings.Add(new Finding(Severity.Warning, "authority", "no agent_user and no approval.signers: an agent running as a human's OS user could act as that human",
                "a0 init --agent-user U on a fresh home, or set approval.signers in config.json"));
        }
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
