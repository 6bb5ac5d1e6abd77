namespace A0.Staging;

/// <summary>The outcome of begin-staging: the artifact published (or reused), or, for --dry-run, what would be done.</summary>
public sealed record StagingResult(string Version, string? BuildId, string CommitSha, string? TreeHash, bool DryRun, bool Reused, IReadOnlyList<string> Plan);
