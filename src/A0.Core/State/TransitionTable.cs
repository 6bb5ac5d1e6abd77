using static A0.State.OperationState;

namespace A0.State;

/// <summary>The allowed transitions of CONTRACT §2, as data; anything else is refused.</summary>
public static class TransitionTable
{
    public static readonly IReadOnlyList<Transition> All =
    [
        new(Idle, OperationState.Staging, "approval_granted"),
        new(OperationState.Staging, Validating, "staging_completed"),
        new(OperationState.Staging, Failed, "staging_failed"),
        new(Validating, Promoting, "validation_passed"),
        new(Validating, Failed, "validation_error"),
        new(Validating, Idle, "staging_abandoned"),
        new(Promoting, Complete, "promotion_completed"),
        new(Promoting, RollingBack, "promotion_failed"),
        new(Complete, Idle, "confirmation_received"),
        new(Complete, RollingBack, "operator_reset"),
        new(Failed, Idle, "human_cleared_failure"),
        new(Failed, OperationState.Staging, "retry_requested"),
        new(RollingBack, Idle, "rollback_completed"),
        new(RollingBack, FailedHard, "integrity_violation"),
        new(RollingBack, FailedHard, "rollback_failed"),
        new(Idle, RollingBack, "operator_reset"),
        new(FailedHard, Idle, "human_recovery"),
    ];

    /// <summary>
    /// Any state → FAILED_HARD, by a0:recovery only, when a journal names an unknown operation or its recovery fails: not a
    /// row of the table, so no command's Transition can take it; StateMachine.FailHard writes it.
    /// </summary>
    public const string RecoveryFailed = "recovery_failed";

    public static bool IsAllowed(OperationState from, OperationState to, string reason) =>
        All.Any(t => t.From == from && t.To == to && t.Reason == reason);

    public static IEnumerable<Transition> From(OperationState state) => All.Where(t => t.From == state);
}
