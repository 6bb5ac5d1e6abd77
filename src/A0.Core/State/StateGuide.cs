using A0.Authority;
using static A0.State.OperationState;

namespace A0.State;

/// <summary>What each state means and what may happen next, for `explain-state`.</summary>
public static class StateGuide
{
    public static string Meaning(OperationState state) => state switch
    {
        Idle => "Production runs the current version; nothing is in progress.",
        OperationState.Staging => "An approved release is being built into an artifact; production is untouched.",
        Validating => "An artifact is built and awaits validation (or passed and awaits promotion).",
        Promoting => "Production is being switched to the new release.",
        Complete => "The new release is live and awaits a human's confirmation.",
        Failed => "The last operation failed; production still runs the current version.",
        RollingBack => "Production is being switched back to a known-good release.",
        FailedHard => "a0 cannot trust its own record; every mutating command is refused until a human recovers.",
        _ => "",
    };

    /// <summary>How a human gets out of FAILED_HARD, said for the reason the state records; null in any other state.</summary>
    public static string? WayOut(StateRecord state, string appPath, string? appPathTarget) => state.State != FailedHard ? null : state.Reason switch
    {
        "rollback_failed" =>
            $"A switch and the switch back both failed. {appPath} points at {appPathTarget ?? "nothing a0 can read"}: make sure the app runs from it " +
            "(the log is in .billy/logs/), then `a0 recover --i-understand` records what the app path runs and returns to IDLE; " +
            "from there `a0 rollback --to V` switches to any release still kept.",
        TransitionTable.RecoveryFailed =>
            "An operation died and a0 could not finish or undo it from its journal. `a0 recover --i-understand` stops what the journal names, " +
            $"records what {appPath} runs now ({appPathTarget ?? "nothing a0 can read"}) and returns to IDLE; what the operation left is cleaned up after.",
        _ => $"a0 cannot trust its record. `a0 recover --i-understand` rebuilds it from what {appPath} runs now ({appPathTarget ?? "nothing a0 can read"}).",
    };

    /// <summary>What may happen next; in VALIDATING, promote only once the artifact passed validation.</summary>
    public static IReadOnlyList<NextStep> Next(OperationState state, bool validationPassed = false) => state switch
    {
        Idle =>
        [
            new("check-updates", AuthorityLevel.Observer, "list newer releases"),
            new("request-upgrade <v>", AuthorityLevel.Observer, "ask for one exact release"),
            new("approve <v>", AuthorityLevel.Human, "approve the pending request"),
            new("begin-staging <v>", AuthorityLevel.Executor, "build the approved release (IDLE → STAGING)"),
            new("rollback", AuthorityLevel.Human, "go back to a known-good release (IDLE → ROLLING_BACK)"),
        ],
        OperationState.Staging => [new("staging-status", AuthorityLevel.Observer, "watch the build; it ends in VALIDATING or FAILED")],
        Validating when validationPassed =>
        [
            new("promote", AuthorityLevel.Executor, "switch production to the validated artifact (→ PROMOTING → COMPLETE)"),
            new("validate", AuthorityLevel.Executor, "check the artifact again"),
            new("abandon", AuthorityLevel.Executor, "keep the artifact and return to IDLE"),
        ],
        Validating =>
        [
            new("validate", AuthorityLevel.Executor, "check the artifact (PASSED: ready for promote; FAILED: → FAILED)"),
            new("abandon", AuthorityLevel.Executor, "keep the artifact and return to IDLE"),
        ],
        Promoting => [new("status", AuthorityLevel.Observer, "wait: it ends in COMPLETE or rolls back")],
        Complete =>
        [
            new("confirm", AuthorityLevel.Human, "accept the release as known-good (→ IDLE)"),
            new("rollback", AuthorityLevel.Human, "go back (→ ROLLING_BACK)"),
        ],
        Failed =>
        [
            new("clear-failure", AuthorityLevel.Human, "acknowledge the failure (→ IDLE)"),
            new("begin-staging <v> --retry", AuthorityLevel.Executor, "try the same approved release again (→ STAGING)"),
        ],
        RollingBack => [new("status", AuthorityLevel.Observer, "wait: it ends in IDLE or FAILED_HARD")],
        FailedHard => [new("recover --i-understand", AuthorityLevel.Human, "rebuild the state from what is on disk (→ IDLE)")],
        _ => [],
    };
}
