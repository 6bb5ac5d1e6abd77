using A0.Staging;

namespace A0.Artifacts;

/// <summary>A published build: artifacts/&lt;version&gt; resolving to a build with a manifest.</summary>
public sealed record Artifact(string Version, string BuildPath, StagingManifest Manifest)
{
    public string Tree => Path.Combine(BuildPath, "tree");
    public string Venv => Path.Combine(BuildPath, "venv");
}
