using System.Text.Json.Nodes;
using A0.Processes;

namespace A0.Approvals;

/// <summary>Checks an SSH signature over the approval statement against the configured allowed_signers file.</summary>
public sealed class SignatureVerifier(ProcessRunner runner)
{
    public async Task VerifyAsync(string allowedSigners, string principal, string signatureFile, string statement, CancellationToken cancellationToken)
    {
        if (!File.Exists(allowedSigners)) throw A0Exception.Precondition($"approval.signers names {allowedSigners}, which does not exist");
        if (!File.Exists(signatureFile)) throw A0Exception.Usage($"signature file {signatureFile} does not exist");
        var result = await runner.RunAsync(new ProcessSpec("ssh-keygen", ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", ApprovalStatement.Namespace, "-s", signatureFile])
        {
            StandardInput = statement,
            Timeout = TimeSpan.FromSeconds(30),
        }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new A0Exception(ExitCode.AuthorityDenied, "signature_invalid", $"the signature in {signatureFile} is not a valid a0-approval signature by '{principal}' over this approval statement ({(result.StandardError + result.StandardOutput).Trim()})")
            {
                Details = new Dictionary<string, JsonNode?> { ["authority_required"] = "human" },
            };
        }
    }
}
