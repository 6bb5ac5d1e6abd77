using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Approvals;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.Releases;
using A0.Storage;

namespace A0.Cli.Commands;

/// <summary>request-upgrade, pending-approvals, approve, deny, approval-statement (CONTRACT §3).</summary>
public static class ApprovalCommands
{
    public static Command Request(Invocation invocation)
    {
        var version = VersionArgument.Create();
        var forceCheck = new Option<bool>("--force-check") { Description = "Skip the ETag cache" };
        var allowPrerelease = new Option<bool>("--allow-prerelease") { Description = "Allow a prerelease" };
        var notes = new Option<string?>("--notes") { Description = "Why this release" };
        var command = new Command("request-upgrade", "Ask for one exact release; a human approves it") { version, forceCheck, allowPrerelease, notes };
        invocation.Bind(command, async scope =>
        {
            var tag = VersionArgument.Of(scope, version);
            using var session = CommandSession.Mutating(scope.Context, "request-upgrade", AuthorityLevel.Observer);
            using var sources = new ReleaseSources(scope.Context, scope.Context.Metadata.Config.Read());
            var approval = await new ApprovalService(session, sources).RequestAsync(tag, scope.Value(allowPrerelease), scope.Value(notes), scope.Cancellation).ConfigureAwait(false);
            return Output(approval, $"Requested {tag} (commit {approval.CommitSha[..12]}); it expires {approval.ExpiresAt:u}. A human approves it with `a0 approve {tag}`.");
        });
        return command;
    }

    public static Command Pending(Invocation invocation)
    {
        var command = new Command("pending-approvals", "The open request, if any");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "pending-approvals");
            var approval = scope.Context.Metadata.PendingApproval.ReadOrNull();
            var open = approval is not null && approval.IsOpen(scope.Context.Now) ? approval : null;
            var text = open is null
                ? "No open request."
                : $"{open.Version} {open.Status.ToString().ToLowerInvariant()}: commit {open.CommitSha}, requested by {open.RequestedBy} at {open.RequestedAt:u}, expires {open.ExpiresAt:u}{(open.Notes is null ? "" : $", notes: {open.Notes}")}";
            return new CommandOutput(new JsonObject
            {
                ["pending_approvals"] = open is null ? new JsonArray() : new JsonArray(Json.Node(open, A0Json.Default.PendingApproval)),
            }, [text]);
        });
        return command;
    }

    public static Command Approve(Invocation invocation)
    {
        var version = VersionArgument.Create();
        var self = new Option<bool>("--self") { Description = "Approve your own request (audited; never with approval.two_person)" };
        var signature = new Option<string?>("--signature") { Description = "SSH signature over `a0 approval-statement <v>` (needed with approval.signers)" };
        var command = new Command("approve", "Approve the requested release, bound to its commit (human)") { version, self, signature };
        invocation.Bind(command, async scope =>
        {
            var tag = VersionArgument.Of(scope, version);
            var signatureFile = scope.Value(signature) is { } file ? Path.GetFullPath(file, invocation.Environment.WorkingDirectory) : null;
            if (signatureFile is not null && !File.Exists(signatureFile)) throw A0Exception.Usage($"signature file {signatureFile} does not exist");
            using var session = CommandSession.Mutating(scope.Context, "approve", AuthorityLevel.Human);
            using var sources = new ReleaseSources(scope.Context, scope.Context.Metadata.Config.Read());
            var approval = await new ApprovalService(session, sources).ApproveAsync(tag, scope.Value(self), signatureFile, scope.Cancellation).ConfigureAwait(false);
            return Output(approval, $"Approved {tag} at commit {approval.CommitSha[..12]} until {approval.ExpiresAt:u}. An executor stages it with `a0 begin-staging {tag}`.");
        });
        return command;
    }

    public static Command Deny(Invocation invocation)
    {
        var version = VersionArgument.Create();
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var command = new Command("deny", "Deny or withdraw the request (human)") { version, reason };
        invocation.Bind(command, scope =>
        {
            var tag = VersionArgument.Of(scope, version);
            using var session = CommandSession.Mutating(scope.Context, "deny", AuthorityLevel.Human);
            using var sources = new ReleaseSources(scope.Context, scope.Context.Metadata.Config.Read());
            var approval = new ApprovalService(session, sources).Deny(tag, scope.Value(reason)!);
            return Output(approval, $"Denied {tag}: {approval.DenyReason}");
        });
        return command;
    }

    public static Command Statement(Invocation invocation)
    {
        var version = VersionArgument.Create();
        var command = new Command("approval-statement", "Print the canonical statement an approver signs") { version };
        invocation.Bind(command, scope =>
        {
            var tag = VersionArgument.Of(scope, version);
            using var session = CommandSession.ReadOnly(scope.Context, "approval-statement");
            var approval = scope.Context.Metadata.PendingApproval.ReadOrNull();
            if (approval is null || approval.Version != tag || !approval.IsOpen(scope.Context.Now))
            {
                throw A0Exception.Precondition($"there is no open request for {tag}", "no_approval");
            }
            var statement = ApprovalStatement.For(approval);
            return new CommandOutput(new JsonObject { ["version"] = tag, ["statement"] = statement }, statement.TrimEnd('\n').Split('\n'));
        });
        return command;
    }

    private static CommandOutput Output(PendingApproval approval, string text) =>
        CommandOutput.Of(text, new JsonObject { ["approval"] = Json.Node(approval, A0Json.Default.PendingApproval) });
}
