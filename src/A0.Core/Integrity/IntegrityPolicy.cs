using A0.Authority;
using A0.State;
using A0.Status;

namespace A0.Integrity;

/// <summary>
/// The one place where what a command finds about the home's integrity has consequences (CONTRACT §3): agents lose executor
/// authority, whichever command found it, read-only ones included. Readers only report; they never revoke.
/// </summary>
public static class IntegrityPolicy
{
    /// <summary>
    /// The cheap checks every command runs: a state that reads as FAILED_HARD, the app path against version.json, the audit
    /// head against the log's last line.
    /// </summary>
    public static IReadOnlyList<IntegrityFinding> CheapChecks(A0Context context, StateRecord state)
    {
        var findings = new List<IntegrityFinding>();
        if (state.State == OperationState.FailedHard) findings.Add(new IntegrityFinding(IntegrityFinding.FailedHard, state.LastFailure?.Message ?? state.Reason));
        if (AppPathCheck.Problem(context) is { } drift) findings.Add(new IntegrityFinding(IntegrityFinding.AppPathChanged, drift));
        if (context.Audit.TailProblem() is { } damage) findings.Add(new IntegrityFinding(IntegrityFinding.AuditTampered, damage));
        return findings;
    }

    /// <summary>Revokes agents' executor authority once per finding (nothing is appended when no agent holds it).</summary>
    public static void Enforce(A0Context context, IEnumerable<IntegrityFinding> findings)
    {
        foreach (var finding in findings) new AuthorityService(context).RevokeExecutors(finding.Reason, finding.Message);
    }

    public static void Enforce(A0Context context, IntegrityFinding finding) => Enforce(context, [finding]);

    /// <summary>A full read of the audit log that found it broken revokes like any other finding.</summary>
    public static void Enforce(A0Context context, Audit.AuditVerification verification)
    {
        if (!verification.IsIntact) Enforce(context, new IntegrityFinding(IntegrityFinding.AuditTampered, verification.Problem!));
    }
}
