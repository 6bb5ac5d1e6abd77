using A0.Storage;

namespace A0.Audit;

/// <summary>
/// .billy/audit_refusals.json: refusals identical to the log's last entry within a minute of it, counted here instead of being
/// appended one line each; the next append writes them as one `refusals_coalesced` event (CONTRACT §8).
/// </summary>
public sealed record RefusalTally : IMetadata
{
    public int SchemaVersion { get; init; } = 1;
    public required string Key { get; init; }
    public required string Actor { get; init; }
    public string? AgentId { get; init; }
    public required string EventType { get; init; }
    public string? Command { get; init; }
    public string? Code { get; init; }
    public required long Count { get; init; }
    public required DateTimeOffset FirstAt { get; init; }
    public required DateTimeOffset LastAt { get; init; }

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != 1) yield return "schema_version: must be 1";
        if (Count < 1) yield return "count: must be positive";
        if (LastAt < FirstAt) yield return "last_at: must not be before first_at";
    }
}
