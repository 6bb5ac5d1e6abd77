using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace A0.Validation;

/// <summary>config_parsing: every configured YAML or JSON config file of the release parses.</summary>
public sealed class ConfigParsingCheck : IValidationCheck
{
    public string Name => "config_parsing";

    public Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken)
    {
        var files = check.Config.ConfigFiles.SelectMany(pattern => ReleaseGlob.Match(check.Scratch.Release, pattern)).Distinct().ToList();
        var errors = new JsonObject();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Parse(Path.Combine(check.Scratch.Release, file)) is { } error) errors[file] = error;
        }
        var details = new JsonObject { ["files"] = new JsonArray([.. files.Select(f => (JsonNode)f!)]), ["errors"] = errors };
        return Task.FromResult(errors.Count == 0
            ? CheckResult.Pass(0, details)
            : CheckResult.Fail(0, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")), details));
    }

    private static string? Parse(string path)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var _ = JsonDocument.Parse(text);
            }
            else
            {
                new YamlStream().Load(new StringReader(text));
            }
            return null;
        }
        catch (Exception e) when (e is YamlException or JsonException or DecoderFallbackException or IOException)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }
}
