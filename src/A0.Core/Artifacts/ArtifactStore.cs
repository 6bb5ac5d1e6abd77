using A0.Releases;
using A0.Staging;
using A0.Storage;

namespace A0.Artifacts;

/// <summary>The published names of builds: find, publish and remove artifacts; tell which builds are referenced.</summary>
public sealed class ArtifactStore(A0Context context)
{
    public const string ManifestName = "manifest.json";

    public static MetadataFile<StagingManifest> ManifestOf(string buildPath) =>
        new(Path.Combine(buildPath, ManifestName), A0Json.Default.StagingManifest);

    public Artifact? Find(string version)
    {
        var build = Locate(version);
        var manifest = build is null ? null : ManifestOf(build).ReadOrNull();
        return manifest is null ? null : new Artifact(version, build!, manifest);
    }

    /// <summary>Whether artifacts/&lt;version&gt; is published and names exactly this build, with its manifest (not parsed: it can be megabytes).</summary>
    public bool Publishes(string version, string buildId) =>
        Locate(version) is { } build && build == context.Home.Build(buildId) && ManifestOf(build).Exists;

    public Artifact Require(string version) => Find(version) ?? throw Missing(version);

    /// <summary>The build the artifact link of <paramref name="version"/> names, if it names one in builds/; its manifest is not read.</summary>
    public string? Locate(string version)
    {
        TagName.Require(version);
        var target = new FileInfo(context.Home.Artifact(version)).LinkTarget;
        if (target is null) return null;
        var build = Path.GetFullPath(target, context.Home.Artifacts);
        return Path.GetDirectoryName(build) == context.Home.Builds ? build : null;
    }

    public static A0Exception Missing(string version) =>
        A0Exception.Precondition($"there is no artifact for {version} (see `a0 list-artifacts`)", "no_artifact");

    public IReadOnlyList<Artifact> All() =>
        !Directory.Exists(context.Home.Artifacts)
            ? []
            : Directory.EnumerateFileSystemEntries(context.Home.Artifacts)
                .Select(Path.GetFileName)
                .Where(TagName.IsValid)
                .Select(version => Find(version!))
                .OfType<Artifact>()
                .OrderByDescending(a => a.Manifest.BuiltAt)
                .ToList();

    public void Publish(string version, string buildId)
    {
        Directory.CreateDirectory(context.Home.Artifacts);
        Symlink.Replace(context.Home.Artifact(version), $"../builds/{buildId}");
    }

    /// <summary>Removes the artifact link, then its build.</summary>
    public void Delete(Artifact artifact)
    {
        File.Delete(context.Home.Artifact(artifact.Version));
        BuildDirectory.Delete(artifact.BuildPath);
    }

    /// <summary>Builds an artifact link points to (whether or not they hold a manifest).</summary>
    public ISet<string> PublishedBuilds() =>
        !Directory.Exists(context.Home.Artifacts)
            ? new HashSet<string>(StringComparer.Ordinal)
            : Directory.EnumerateFileSystemEntries(context.Home.Artifacts)
                .Select(link => new FileInfo(link).LinkTarget is { } target ? Path.GetFullPath(target, context.Home.Artifacts) : null)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);

    /// <summary>Builds some artifact link or some release (its .venv) points into; every other build is garbage.</summary>
    public ISet<string> ReferencedBuilds()
    {
        var referenced = PublishedBuilds();
        referenced.UnionWith(ReleasesUsingBuilds().Select(release => release.Build));
        return referenced;
    }

    /// <summary>Releases whose .venv is a build's venv (promotion links them).</summary>
    public IEnumerable<(string Release, string Build)> ReleasesUsingBuilds()
    {
        if (!Directory.Exists(context.Home.Releases)) yield break;
        foreach (var release in Directory.EnumerateDirectories(context.Home.Releases))
        {
            var venv = Path.Combine(release, ".venv");
            if (new FileInfo(venv).LinkTarget is { } target)
            {
                var resolved = Path.GetFullPath(target, release);
                if (Path.GetDirectoryName(Path.GetDirectoryName(resolved)) == context.Home.Builds) yield return (release, Path.GetDirectoryName(resolved)!);
            }
        }
    }
}
