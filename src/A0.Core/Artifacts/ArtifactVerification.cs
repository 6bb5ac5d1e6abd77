namespace A0.Artifacts;

/// <summary>What re-hashing an artifact found against its manifest: changed, added and missing paths (tree paths bare, venv paths under venv/).</summary>
public sealed record ArtifactVerification(IReadOnlyList<string> Changed, IReadOnlyList<string> Added, IReadOnlyList<string> Missing)
{
    public bool IsIntact => Changed.Count == 0 && Added.Count == 0 && Missing.Count == 0;

    public string Summary =>
        IsIntact ? "intact" : string.Join("; ", new[] { ("changed", Changed), ("added", Added), ("missing", Missing) }
            .Where(part => part.Item2.Count > 0)
            .Select(part => $"{part.Item1}: {string.Join(", ", part.Item2.Take(10))}{(part.Item2.Count > 10 ? $" (+{part.Item2.Count - 10} more)" : "")}"));
}
