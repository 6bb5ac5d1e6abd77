using A0.Staging;

namespace A0.Artifacts;

/// <summary>Re-hashes an artifact's tree and venv and compares every path, kind and hash with its manifest.</summary>
public sealed class ArtifactVerifier(A0Context context)
{
    public ArtifactVerification Verify(Artifact artifact, CancellationToken cancellationToken = default)
    {
        var excluded = new HashSet<string>(context.Metadata.Config.Read().UserData.Append(".git"), StringComparer.Ordinal);
        var tree = TreeHasher.Compute(artifact.Tree, excluded, cancellationToken: cancellationToken);
        var venv = TreeHasher.Compute(artifact.Venv, new HashSet<string>(), cancellationToken: cancellationToken);
        var manifest = artifact.Manifest;

        var changed = new List<string>();
        var added = new List<string>();
        var missing = new List<string>();
        Compare("", manifest.Checksums.Files, manifest.Checksums.Kinds, tree, changed, added, missing);
        Compare("venv/", manifest.VenvChecksums.Files, manifest.VenvChecksums.Kinds, venv, changed, added, missing);
        if (changed.Count + added.Count + missing.Count == 0 && (tree.TreeHash != manifest.Checksums.TreeHash || venv.TreeHash != manifest.VirtualenvHash))
        {
            changed.Add("tree_hash");
        }
        return new ArtifactVerification(changed, added, missing);
    }

    private static void Compare(string prefix, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> kinds, TreeChecksums actual,
        List<string> changed, List<string> added, List<string> missing)
    {
        foreach (var (path, hash) in files)
        {
            if (!actual.Files.TryGetValue(path, out var now)) missing.Add(prefix + path);
            else if (now != hash || actual.Kinds[path] != kinds.GetValueOrDefault(path)) changed.Add(prefix + path);
        }
        added.AddRange(actual.Files.Keys.Where(path => !files.ContainsKey(path)).Select(path => prefix + path));
    }
}
