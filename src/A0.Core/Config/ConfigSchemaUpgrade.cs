using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Home;
using A0.Storage;

namespace A0.Config;

/// <summary>config.json schema 1 to 2: app_dir, a directory name inside the home, becomes app_path, the absolute path it named.</summary>
public sealed class ConfigSchemaUpgrade(HomeLayout home) : ISchemaUpgrade
{
    /// <summary>What schema 1 meant when app_dir was left out.</summary>
    private const string SchemaOneDefaultAppDir = "agent-zero";

    public IReadOnlyList<string> Upgrade(JsonObject document, int fromSchema)
    {
        var field = document["app_dir"];
        var appDir = field is null ? SchemaOneDefaultAppDir : field.GetValueKind() == JsonValueKind.String ? field.GetValue<string>() : null;
        if (appDir is null || !RelativePath.IsSafe(appDir) || appDir.Contains('/'))
        {
            return [$"app_dir: '{appDir ?? field!.ToJsonString()}' must be a plain directory name"];
        }
        document.Remove("app_dir");
        document["app_path"] = Path.Combine(home.Root, appDir);
        document["schema_version"] = A0Config.CurrentSchema;
        return [];
    }
}
