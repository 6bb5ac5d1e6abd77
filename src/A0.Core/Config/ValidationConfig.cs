using A0.Storage;

namespace A0.Config;

/// <summary>config.json `validation`: which checks run and what they look at (CONTRACT §6). The defaults fit Agent Zero.</summary>
public sealed record ValidationConfig
{
    public static readonly IReadOnlyList<string> AllChecks =
        ["structural_integrity", "import_sanity", "config_parsing", "tool_registry", "prompt_assets", "memory_initialization", "health_check"];

    public IReadOnlyList<string> Checks { get; init; } = AllChecks;
    public IReadOnlyList<string> ImportModules { get; init; } = ["agent", "initialize", "models"];
    public IReadOnlyList<string> ConfigFiles { get; init; } = ["conf/*.yaml", "agents/*/agent.yaml", "plugins/*/plugin.yaml"];
    public IReadOnlyList<string> ToolModules { get; init; } = ["python/tools/*.py"];
    public IReadOnlyList<string> PromptDirs { get; init; } = ["prompts"];
    public string MemoryDir { get; init; } = "memory";

    /// <summary>Arguments to the release's Python that start the app; {port} is the loopback port it must listen on.</summary>
    public IReadOnlyList<string> HealthCommand { get; init; } = ["run_ui.py", "--host", "127.0.0.1", "--port", "{port}"];

    /// <summary><see cref="HealthCommand"/> for an app that must listen on <paramref name="port"/>.</summary>
    public IReadOnlyList<string> HealthArguments(int port) =>
        [.. HealthCommand.Select(a => a.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))];
    public IReadOnlyList<string> HealthPaths { get; init; } = ["/api/health", "/health"];
    public int HealthTimeoutSeconds { get; init; } = 60;
    public int ImportTimeoutSeconds { get; init; } = 120;

    /// <summary>User-data paths copied from data/ into the scratch user data; never a .env.</summary>
    public IReadOnlyList<string> SeedPaths { get; init; } = [];

    public IEnumerable<string> Problems()
    {
        foreach (var check in Checks.Where(c => !AllChecks.Contains(c))) yield return $"validation.checks: '{check}' is not a check ({string.Join(", ", AllChecks)})";
        foreach (var path in ConfigFiles.Concat(ToolModules).Concat(PromptDirs).Append(MemoryDir).Where(p => !RelativePath.IsSafe(p)))
        {
            yield return $"validation: '{path}' must be a relative path inside the release";
        }
        foreach (var module in ImportModules.Where(m => string.IsNullOrWhiteSpace(m) || m.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))))
        {
            yield return $"validation.import_modules: '{module}' is not a module name";
        }
        if (HealthCommand.Count == 0 || HealthCommand[0].StartsWith('-')) yield return "validation.health_command: must name the script or module to run";
        foreach (var path in HealthPaths.Where(p => !p.StartsWith('/') || p.Any(char.IsControl))) yield return $"validation.health_paths: '{path}' must be an absolute URL path";
        if (HealthTimeoutSeconds is <= 0 or > 3600) yield return "validation.health_timeout_seconds: must be between 1 and 3600";
        if (ImportTimeoutSeconds is <= 0 or > 3600) yield return "validation.import_timeout_seconds: must be between 1 and 3600";
        foreach (var seed in SeedPaths.Where(p => !RelativePath.IsSafe(p) || IsSecret(p))) yield return $"validation.seed_paths: '{seed}' must be a relative path under data/ and never a .env";
    }

    private static bool IsSecret(string path) => Path.GetFileName(path.TrimEnd('/')) is var name && (name == ".env" || name.EndsWith(".env", StringComparison.Ordinal));
}
