namespace A0.Staging;

/// <summary>A tree to hash: its directory and the relative paths left out with everything below them (".git", "usr", "knowledge/custom/").</summary>
internal sealed record TreeRoot(string Path, IReadOnlySet<string> Excluded);
