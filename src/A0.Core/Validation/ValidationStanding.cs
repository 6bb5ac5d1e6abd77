using A0.Artifacts;
using A0.State;

namespace A0.Validation;

/// <summary>
/// What VALIDATING means right now (CONTRACT §6): "awaiting validate" or "PASSED, awaiting promote". A PASSED report counts
/// only for the build the artifact link names now (same build_id, tree_hash and virtualenv_hash) and only if it was made
/// after VALIDATING was last entered from staging, so a rebuild, a re-stage or an abandon needs a new `validate`.
/// </summary>
/// <param name="Artifact">The artifact the link names now (null when it is gone); a PASSED standing always has one.</param>
public sealed record ValidationStanding(string Version, Artifact? Artifact, ValidationReport? Report, string ReportPath)
{
    public string? BuildId => Artifact?.Manifest.BuildId;

    public bool Passed => Report?.Status == ValidationStatus.Passed;

    public string Phase => Passed ? "passed" : "awaiting_validation";

    /// <summary>The standing in VALIDATING; null in every other state.</summary>
    public static ValidationStanding? Of(A0Context context, StateRecord state)
    {
        if (state.State != OperationState.Validating || state.ActiveOperation is not { } operation) return null;
        var reports = new ValidationReports(context);
        var artifact = new ArtifactStore(context).Find(operation.Version);
        var report = reports.Latest(operation.Version).ReadIfUsable();
        var counts = artifact is not null && report is not null
            && report.BuildId == artifact.Manifest.BuildId
            && report.TreeHash == artifact.Manifest.Checksums.TreeHash
            && report.VirtualenvHash == artifact.Manifest.VirtualenvHash
            && report.StartedAt >= operation.StartedAt;
        return new ValidationStanding(operation.Version, artifact, counts ? report : null, reports.LatestPath(operation.Version));
    }
}
