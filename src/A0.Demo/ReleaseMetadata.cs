using System.Text.Json;
using System.Text.Json.Serialization;

namespace A0.Demo;

/// <summary>One entry of samples/agent-zero/releases.json: a release as its publisher describes it.</summary>
public sealed record ReleaseMetadata(string Tag, bool Annotated, bool Prerelease, DateTimeOffset PublishedAt, string Message)
{
    /// <summary>Reads releases.json, in release order.</summary>
    public static IReadOnlyList<ReleaseMetadata> ReadAll(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, ReleaseMetadataJson.Default.ListReleaseMetadata)
            ?? throw new InvalidDataException($"{path} holds no releases");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(List<ReleaseMetadata>))]
internal sealed partial class ReleaseMetadataJson : JsonSerializerContext;
