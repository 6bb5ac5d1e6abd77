using A0.State;

namespace A0.Promotion;

/// <summary>What a promote or rollback did: from which version to which, the state it left, its health check, its log.</summary>
public sealed record SwitchResult(string FromVersion, string ToVersion, OperationState State, HealthVerdict Health, string LogPath);
