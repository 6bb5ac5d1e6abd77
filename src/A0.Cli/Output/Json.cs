using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace A0.Cli.Output;

public static class Json
{
    public static JsonNode? Node<T>(T? value, JsonTypeInfo<T> typeInfo) => value is null ? null : JsonSerializer.SerializeToNode(value, typeInfo);

    public static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v!)]);
}
