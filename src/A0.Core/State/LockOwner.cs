using A0.Storage;

namespace A0.State;

/// <summary>.billy/lock.json: who holds the operation lock, kept apart from the locked file so readers never open it.</summary>
public sealed record LockOwner : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required int Pid { get; init; }
    public required long ProcessStartTime { get; init; }
    public required string Host { get; init; }
    public required string Command { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    public IEnumerable<string> Validate()
    {
        if (Pid <= 0) yield return "pid: must be positive";
    }
}
