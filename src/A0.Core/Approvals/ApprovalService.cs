using System.Security.Cryptography;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Operations;
using A0.Releases;

namespace A0.Approvals;

/// <summary>
/// One open request at a time, bound to the tag's peeled commit; approved only by a human who did not request it
/// (unless --self, never with two_person), after re-resolving the tag; denied or expired requests are closed.
/// </summary>
public sealed class ApprovalService(CommandSession session, ReleaseSources sources)
{
    private A0Context Context => session.Context;

    public async Task<PendingApproval> RequestAsync(string version, bool allowPrerelease, string? notes, CancellationToken cancellationToken)
    {
        var release = ReleaseVersion.Parse(version);
        var config = Context.Metadata.Config.Read();
        var open = OpenApproval();
        if (open is not null)
        {
            throw A0Exception.Precondition(open.Version == version
                ? $"{version} is already requested ({open.Status.ToString().ToLowerInvariant()}, expires {open.ExpiresAt:u})"
                : $"a request for {open.Version} is open until {open.ExpiresAt:u}; `a0 deny {open.Version} --reason …` first", "approval_open");
        }
        if (release.IsPrerelease && !allowPrerelease) throw A0Exception.Precondition($"{version} is a prerelease; pass --allow-prerelease to request it", "prerelease");
        if (Context.Metadata.Version.ReadOrNull()?.CurrentVersion == version) throw A0Exception.Precondition($"{version} is already the current version", "already_current");

        var resolved = await sources.ResolveVerifiedAsync(version, cancellationToken).ConfigureAwait(false);
        var now = Context.Now;
        var approval = new PendingApproval
        {
            ApprovalId = Guid.NewGuid().ToString("N"),
            Version = version,
            CommitSha = resolved.CommitSha,
            TagObjectSha = resolved.TagObjectSha,
            RequestedBy = session.Actor.Name,
            RequestedAt = now,
            ExpiresAt = now.AddHours(config.Approval.ExpiryHours),
            Source = sources.Primary.Name == "github" ? $"{config.ApiUrl.TrimEnd('/')}/repos/{config.Repo}" : config.CloneUrl,
            Notes = notes,
            Nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        Context.Audit.Append(session.Actor, new AuditEvent("upgrade_requested", version, new JsonObject
        {
            ["approval_id"] = approval.ApprovalId,
            ["commit_sha"] = approval.CommitSha,
            ["tag_object_sha"] = approval.TagObjectSha,
            ["expires_at"] = approval.ExpiresAt,
            ["notes"] = notes,
        }), () => Context.Metadata.PendingApproval.Write(approval));
        return approval;
    }

    public async Task<PendingApproval> ApproveAsync(string version, bool self, string? signatureFile, CancellationToken cancellationToken)
    {
        var config = Context.Metadata.Config.Read();
        // Who may approve (exit 3) is decided before whether the request is still approvable (exit 4).
        var approval = Find(version);
        var approver = session.Actor;
        if (approval.RequestedBy == approver.Name)
        {
            if (config.Approval.TwoPerson) throw Denied($"{approver.Name} requested {version}; approval.two_person requires another human to approve it");
            if (!self) throw Denied($"{approver.Name} requested {version} and may not approve it; another human approves, or pass --self");
        }
        if (config.Approval.Signers is { } signers)
        {
            if (signatureFile is null) throw Denied($"approval.signers is set: sign `a0 approval-statement {version}` with ssh-keygen -Y sign -n {ApprovalStatement.Namespace} and pass --signature FILE");
            await new SignatureVerifier(Context.Processes).VerifyAsync(Path.GetFullPath(signers, Context.Home.Billy), approver.Name, signatureFile, ApprovalStatement.For(approval), cancellationToken).ConfigureAwait(false);
        }
        RequireStatus(approval, ApprovalStatus.Pending);

        var resolved = await sources.ResolveVerifiedAsync(version, cancellationToken).ConfigureAwait(false);
        RequireUnmoved(approval, resolved);

        var approved = approval with { Status = ApprovalStatus.Approved, DecidedBy = approver.Name, DecidedAt = Context.Now };
        if (approval.RequestedBy == approver.Name)
        {
            Context.Audit.Append(approver, new AuditEvent("self_approved", version, new JsonObject { ["approval_id"] = approval.ApprovalId }));
        }
        Context.Audit.Append(approver, new AuditEvent("upgrade_approved", version, new JsonObject
        {
            ["approval_id"] = approval.ApprovalId,
            ["commit_sha"] = approval.CommitSha,
            ["requested_by"] = approval.RequestedBy,
            ["signed"] = signatureFile is not null,
        }), () => Context.Metadata.PendingApproval.Write(approved));
        return approved;
    }

    public PendingApproval Deny(string version, string reason)
    {
        var approval = OpenApproval() is { } open && open.Version == version
            ? open
            : throw A0Exception.Precondition($"there is no open request for {version}", "no_approval");
        var denied = approval with { Status = ApprovalStatus.Denied, DecidedBy = session.Actor.Name, DecidedAt = Context.Now, DenyReason = reason };
        Context.Audit.Append(session.Actor, new AuditEvent("upgrade_denied", version, new JsonObject
        {
            ["approval_id"] = approval.ApprovalId,
            ["reason"] = reason,
            ["was"] = approval.Status.ToString().ToLowerInvariant(),
        }), () => Context.Metadata.PendingApproval.Write(denied));
        return denied;
    }

    /// <summary>The approved, unexpired approval for version, for staging (exit 4 otherwise).</summary>
    public PendingApproval RequireApproved(string version) => RequireStatus(Find(version), ApprovalStatus.Approved);

    /// <summary>A tag that now resolves elsewhere than what was approved is an integrity violation.</summary>
    public static void RequireUnmoved(PendingApproval approval, ResolvedTag resolved)
    {
        if (resolved.CommitSha != approval.CommitSha || resolved.TagObjectSha != approval.TagObjectSha)
        {
            throw A0Exception.Integrity(
                $"tag {approval.Version} moved since it was requested: it was commit {approval.CommitSha} (tag object {approval.TagObjectSha ?? "none"}), now {resolved.CommitSha} (tag object {resolved.TagObjectSha ?? "none"})");
        }
    }

    private PendingApproval? OpenApproval() => Context.Metadata.PendingApproval.ReadOrNull() is { } approval && approval.IsOpen(Context.Now) ? approval : null;

    private PendingApproval Find(string version) =>
        Context.Metadata.PendingApproval.ReadOrNull() is { } approval && approval.Version == version
            ? approval
            : throw A0Exception.Precondition($"there is no request for {version}; `a0 request-upgrade {version}` first", "no_approval");

    private PendingApproval RequireStatus(PendingApproval approval, ApprovalStatus status)
    {
        var version = approval.Version;
        if (approval.IsExpired(Context.Now)) throw A0Exception.Precondition($"the request for {version} expired at {approval.ExpiresAt:u}; request it again", "approval_expired");
        if (approval.Status != status)
        {
            throw A0Exception.Precondition($"the request for {version} is {approval.Status.ToString().ToLowerInvariant()}, not {status.ToString().ToLowerInvariant()}", "approval_state");
        }
        return approval;
    }

    private static A0Exception Denied(string message) =>
        new(ExitCode.AuthorityDenied, "authority_denied", message) { Details = new Dictionary<string, JsonNode?> { ["authority_required"] = "human" } };
}
