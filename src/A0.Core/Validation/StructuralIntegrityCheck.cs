using System.Text.Json.Nodes;
using A0.Artifacts;

namespace A0.Validation;

/// <summary>structural_integrity: the artifact, tree and venv, re-hashed, equals its manifest.</summary>
public sealed class StructuralIntegrityCheck : IValidationCheck
{
    public const string CheckName = "structural_integrity";

    public string Name => CheckName;

    public Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken)
    {
        var verification = new ArtifactVerifier(check.A0).Verify(check.Artifact, cancellationToken);
        var details = new JsonObject
        {
            ["tree_hash"] = check.Artifact.Manifest.Checksums.TreeHash,
            ["virtualenv_hash"] = check.Artifact.Manifest.VirtualenvHash,
            ["changed"] = Paths(verification.Changed),
            ["added"] = Paths(verification.Added),
            ["missing"] = Paths(verification.Missing),
        };
        return Task.FromResult(verification.IsIntact
            ? CheckResult.Pass(0, details)
            : CheckResult.Fail(0, $"the artifact does not match its manifest: {verification.Summary}", details));
    }

    private static JsonArray Paths(IReadOnlyList<string> paths) => new([.. paths.Take(50).Select(p => (JsonNode)p!)]);
}
