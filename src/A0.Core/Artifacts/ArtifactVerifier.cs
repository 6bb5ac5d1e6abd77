using A0.Staging;

namespace A0.Artifacts;

/// <summary>
/// Re-hashes an artifact's tree and venv (together, on every core) and compares every path, kind and hash with its
/// manifest, by one merge of two lists in the same byte order.
/// </summary>
public sealed class ArtifactVerifier
{
    private readonly A0Context context;
    private readonly Action<string>? afterDirectoryRead;

    /// <param name="context">The command's context (its config names the user-data paths left out).</param>
    public ArtifactVerifier(A0Context context)
        : this(context, null)
    {
    }

    /// <param name="context">The command's context.</param>
    /// <param name="afterDirectoryRead">Called with each directory's full path once it has been read: tests change the tree during the walk with it.</param>
    internal ArtifactVerifier(A0Context context, Action<string>? afterDirectoryRead)
    {
        this.context = context;
        this.afterDirectoryRead = afterDirectoryRead;
    }

    /// <summary>Verifies the published artifact of <paramref name="version"/>, reading its manifest while its files are hashed.</summary>
    public (Artifact Artifact, ArtifactVerification Result) Verify(string version, CancellationToken cancellationToken = default)
    {
        var build = new ArtifactStore(context).Locate(version) ?? throw ArtifactStore.Missing(version);
        var roots = Roots(build);
        using var hashing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var trees = Task.Run(() => TreeWalk.Hash(roots, null, afterDirectoryRead, hashing.Token), CancellationToken.None);
        StagingManifest manifest;
        try
        {
            manifest = ArtifactStore.ManifestOf(build).ReadOrNull() ?? throw ArtifactStore.Missing(version);
        }
        catch
        {
            hashing.Cancel();
            Task.WaitAny(trees);
            throw;
        }
        return (new Artifact(version, build, manifest), Compare(manifest, trees.GetAwaiter().GetResult()));
    }

    public ArtifactVerification Verify(Artifact artifact, CancellationToken cancellationToken = default) =>
        Compare(artifact.Manifest, TreeWalk.Hash(Roots(artifact.BuildPath), null, afterDirectoryRead, cancellationToken));

    private TreeRoot[] Roots(string build) =>
    [
        new(Artifact.TreeOf(build), new HashSet<string>(context.Metadata.Config.Read().UserData.Append(".git"), StringComparer.Ordinal)),
        new(Artifact.VenvOf(build), new HashSet<string>()),
    ];

    private static ArtifactVerification Compare(StagingManifest manifest, HashedTree[] trees)
    {
        var changed = new List<string>();
        var added = new List<string>();
        var missing = new List<string>();
        Compare("", manifest.Checksums.Files, manifest.Checksums.Kinds, trees[0], changed, added, missing);
        Compare("venv/", manifest.VenvChecksums.Files, manifest.VenvChecksums.Kinds, trees[1], changed, added, missing);
        if (changed.Count + added.Count + missing.Count == 0 && (trees[0].TreeHash != manifest.Checksums.TreeHash || trees[1].TreeHash != manifest.VirtualenvHash))
        {
            changed.Add("tree_hash");
        }
        return new ArtifactVerification(changed, added, missing);
    }

    /// <summary>Walks the hashed entries and the manifest's files (and kinds) together, all in byte order of their paths.</summary>
    private static void Compare(string prefix, IReadOnlyDictionary<string, string> manifestFiles, IReadOnlyDictionary<string, string> manifestKinds, HashedTree actual,
        List<string> changed, List<string> added, List<string> missing)
    {
        var files = PathMap.From(manifestFiles);
        var kinds = PathMap.From(manifestKinds);
        var entries = actual.Entries;
        int entry = 0, file = 0, kind = 0;
        while (entry < entries.Count || file < files.Count)
        {
            var order = entry == entries.Count ? 1 : file == files.Count ? -1 : entries[entry].Path.AsSpan().SequenceCompareTo(files.KeyAt(file));
            if (order < 0)
            {
                added.Add(prefix + HashedTree.PathOf(entries[entry++]));
                continue;
            }
            if (order > 0)
            {
                missing.Add(prefix + files.KeyString(file++));
                continue;
            }
            var path = files.KeyAt(file);
            while (kind < kinds.Count && kinds.KeyAt(kind).SequenceCompareTo(path) < 0)
            {
                kind++;
            }
            var sameKind = kind < kinds.Count && kinds.KeyAt(kind).SequenceEqual(path) && kinds.ValueAt(kind) is [var recorded] && recorded == entries[entry].Kind;
            if (!sameKind || !entries[entry].Digest.MatchesHex(files.ValueAt(file)))
            {
                changed.Add(prefix + files.KeyString(file));
            }
            entry++;
            file++;
        }
    }
}
