using A0.Staging;

namespace A0.Artifacts;

/// <summary>A published build: artifacts/&lt;version&gt; resolving to a build with a manifest.</summary>
public sealed record Artifact(string Version, string BuildPath, StagingManifest Manifest)
{
    public string Tree => TreeOf(BuildPath);
    public string Venv => VenvOf(BuildPath);

    public static string TreeOf(string buildPath) => Path.Combine(buildPath, "tree");
    public static string VenvOf(string buildPath) => Path.Combine(buildPath, "venv");
}
