using A0.Home;

namespace A0.Staging;

/// <summary>The places one build uses: its temp dir (clone, pip scratch), its build dir in .billy/builds and its log.</summary>
public sealed record BuildWorkspace(string BuildId, string TempDir, string BuildPath, string LogPath)
{
    public static BuildWorkspace For(HomeLayout home, string tempRoot, string buildId) =>
        new(buildId, Path.Combine(Path.GetFullPath(tempRoot), TempDirName(buildId)), home.Build(buildId), home.BuildLog(buildId));

    public static string TempDirName(string buildId) => $"agent_zero_build_{buildId}";

    public string CloneDir => Path.Combine(TempDir, "tree");
    public string PipTemp => Path.Combine(TempDir, "pip");
    public string Tree => Path.Combine(BuildPath, "tree");
    public string Venv => Path.Combine(BuildPath, "venv");
    public string Python => Path.Combine(Venv, "bin", "python");
}
