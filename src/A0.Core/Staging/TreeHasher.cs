namespace A0.Staging;

/// <summary>Computes <see cref="TreeChecksums"/> by the recipe of CONTRACT §9: never follows symlinks, walks and hashes on every core.</summary>
public static class TreeHasher
{
    /// <param name="root">The tree to hash.</param>
    /// <param name="excludedTopLevel">Relative paths left out with everything below them, e.g. ".git", "usr", "knowledge/custom/".</param>
    /// <param name="progress">Told what has been hashed, at most about ten times a second.</param>
    /// <param name="cancellationToken">Stops the walk and the workers.</param>
    public static TreeChecksums Compute(
        string root,
        IReadOnlySet<string> excludedTopLevel,
        IProgress<HashProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        TreeWalk.Hash([new TreeRoot(root, excludedTopLevel)], progress, null, cancellationToken)[0].ToChecksums();
}
