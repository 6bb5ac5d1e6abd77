using A0.Storage;

namespace A0.State;

/// <summary>.billy/state.json.</summary>
public sealed record StateRecord : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required OperationState State { get; init; }
    public OperationState? PreviousState { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public ActiveOperation? ActiveOperation { get; init; }
    public FailureRecord? LastFailure { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (!Enum.IsDefined(State)) yield return "state: unknown state";
        if (string.IsNullOrWhiteSpace(Reason)) yield return "reason: must not be empty";
        if (State.HasActiveOperation() != (ActiveOperation is not null))
        {
            yield return State.HasActiveOperation()
                ? $"active_operation: must be set in {State.Name()}"
                : $"active_operation: must be null in {State.Name()}";
        }
        if (State == OperationState.Failed && LastFailure is null) yield return "last_failure: must be set in FAILED";
    }
}

/// <summary>The operation under way: what, for which version, since when, by which process.</summary>
public sealed record ActiveOperation(string Kind, string Version, DateTimeOffset StartedAt)
{
    public string? BuildId { get; init; }
    public int? Pid { get; init; }
}

public sealed record FailureRecord(string Reason, string Message, DateTimeOffset At)
{
    public string? Version { get; init; }
    public string? BuildLogPath { get; init; }
}
