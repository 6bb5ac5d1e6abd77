namespace A0.Init;

/// <param name="OriginalKeptAt">Where the original checkout was set aside when it was copied from another filesystem, else null.</param>
public sealed record InitResult(string Version, string CommitSha, IReadOnlyList<string> LocalChanges, bool Resumed, string AppPath, string? OriginalKeptAt);
