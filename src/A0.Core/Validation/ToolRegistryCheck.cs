using System.Text.Json.Nodes;

namespace A0.Validation;

/// <summary>tool_registry: every tool module (Agent Zero: python/tools/*.py) compiles and imports.</summary>
public sealed class ToolRegistryCheck : IValidationCheck
{
    public string Name => "tool_registry";

    public async Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken)
    {
        var files = check.Config.ToolModules.SelectMany(pattern => ReleaseGlob.Match(check.Scratch.Release, pattern)).Where(file => !Path.GetFileName(file).StartsWith("__", StringComparison.Ordinal)).Distinct().ToList();
        if (files.Count == 0)
        {
            return CheckResult.Fail(0, $"no tool module matches {string.Join(", ", check.Config.ToolModules)}", new JsonObject());
        }
        var modules = files.Select(file => Path.ChangeExtension(file, null).Replace('/', '.')).ToList();
        return await PythonImportProbe.RunAsync(check, modules, cancellationToken).ConfigureAwait(false);
    }
}
