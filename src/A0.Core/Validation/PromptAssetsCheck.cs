using System.Text;
using System.Text.Json.Nodes;

namespace A0.Validation;

/// <summary>prompt_assets: each prompt directory exists, holds prompt files, and every one of them is UTF-8.</summary>
public sealed class PromptAssetsCheck : IValidationCheck
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public string Name => "prompt_assets";

    public Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var count = 0;
        foreach (var directory in check.Config.PromptDirs)
        {
            var root = new DirectoryInfo(Path.Combine(check.Scratch.Release, directory));
            if (!root.Exists || root.LinkTarget is not null)
            {
                problems.Add($"{directory}/ is missing");
                continue;
            }
            var files = root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).ToList();
            if (files.Count == 0) problems.Add($"{directory}/ holds no prompt files");
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                count++;
                if (!IsUtf8(file.FullName)) problems.Add($"{Path.GetRelativePath(check.Scratch.Release, file.FullName)} is not UTF-8");
            }
        }
        var details = new JsonObject { ["directories"] = new JsonArray([.. check.Config.PromptDirs.Select(d => (JsonNode)d!)]), ["files"] = count };
        return Task.FromResult(problems.Count == 0 ? CheckResult.Pass(0, details) : CheckResult.Fail(0, string.Join("; ", problems.Take(20)), details));
    }

    private static bool IsUtf8(string path)
    {
        try
        {
            Strict.GetString(File.ReadAllBytes(path));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
