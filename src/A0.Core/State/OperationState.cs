using System.Text.Json.Serialization;

namespace A0.State;

[JsonConverter(typeof(JsonStringEnumConverter<OperationState>))]
public enum OperationState
{
    [JsonStringEnumMemberName("IDLE")] Idle,
    [JsonStringEnumMemberName("STAGING")] Staging,
    [JsonStringEnumMemberName("VALIDATING")] Validating,
    [JsonStringEnumMemberName("PROMOTING")] Promoting,
    [JsonStringEnumMemberName("COMPLETE")] Complete,
    [JsonStringEnumMemberName("FAILED")] Failed,
    [JsonStringEnumMemberName("ROLLING_BACK")] RollingBack,
    [JsonStringEnumMemberName("FAILED_HARD")] FailedHard,
}

public static class OperationStateNames
{
    public static string Name(this OperationState state) => state switch
    {
        OperationState.RollingBack => "ROLLING_BACK",
        OperationState.FailedHard => "FAILED_HARD",
        _ => state.ToString().ToUpperInvariant(),
    };

    /// <summary>States that exist only while an a0 process holds the lock.</summary>
    public static bool IsTransient(this OperationState state) =>
        state is OperationState.Staging or OperationState.Promoting or OperationState.RollingBack;

    /// <summary>States in which an operation is under way (CONTRACT §2 invariant).</summary>
    public static bool HasActiveOperation(this OperationState state) =>
        state.IsTransient() || state == OperationState.Validating;
}
