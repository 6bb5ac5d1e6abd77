using A0.Storage;

namespace A0.Operations;

/// <summary>.billy/journal.json: the operation in flight, with what a recovery needs to finish or undo it.</summary>
public sealed record Journal : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Operation { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required int Pid { get; init; }
    public string? Step { get; init; }
    public string? CommitSha { get; init; }
    public string? BuildId { get; init; }
    public string? TempDir { get; init; }
    public int? ProcessGroup { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (string.IsNullOrWhiteSpace(Operation)) yield return "operation: must not be empty";
    }
}
