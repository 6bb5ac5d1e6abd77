using System.Globalization;
using System.Text;

namespace A0.Approvals;

/// <summary>The canonical text an approver signs with `ssh-keygen -Y sign -n a0-approval`.</summary>
public static class ApprovalStatement
{
    public const string Namespace = "a0-approval";

    public static string For(PendingApproval approval)
    {
        var text = new StringBuilder();
        text.Append("a0 approval statement v1\n");
        text.Append(CultureInfo.InvariantCulture, $"version: {approval.Version}\n");
        text.Append(CultureInfo.InvariantCulture, $"commit_sha: {approval.CommitSha}\n");
        text.Append(CultureInfo.InvariantCulture, $"tag_object_sha: {approval.TagObjectSha ?? "none"}\n");
        text.Append(CultureInfo.InvariantCulture, $"requested_by: {approval.RequestedBy}\n");
        text.Append(CultureInfo.InvariantCulture, $"approval_id: {approval.ApprovalId}\n");
        text.Append(CultureInfo.InvariantCulture, $"nonce: {approval.Nonce}\n");
        text.Append(CultureInfo.InvariantCulture, $"expires_at: {approval.ExpiresAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\n");
        return text.ToString();
    }
}
