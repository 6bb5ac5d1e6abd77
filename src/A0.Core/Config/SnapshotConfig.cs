namespace A0.Config;

/// <summary>config.json `snapshot`: the user-data copies taken before every switch (CONTRACT §7).</summary>
public sealed record SnapshotConfig
{
    /// <summary>Above this, promote refuses without --no-snapshot; a rollback skips its snapshot (audited) instead.</summary>
    public long MaxBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>How many snapshots are kept (the one --restore-data would bring back is always kept too).</summary>
    public int Keep { get; init; } = 5;

    public IEnumerable<string> Problems()
    {
        if (MaxBytes < 0) yield return "snapshot.max_bytes: must not be negative";
        if (Keep is < 1 or > 100) yield return "snapshot.keep: must be between 1 and 100";
    }
}
