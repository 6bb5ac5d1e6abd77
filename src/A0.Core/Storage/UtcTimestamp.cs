using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace A0.Storage;

/// <summary>Every timestamp a0 writes, in files and in JSON output: ISO 8601 in UTC with a `Z` (CONTRACT §4).</summary>
public sealed class UtcTimestamp : JsonConverter<DateTimeOffset>
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String
            || !DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            throw new JsonException("expected an ISO 8601 timestamp");
        }
        return at;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));

    /// <summary>Rewrites, in place, every DateTimeOffset value a caller put into the tree (text parsed from a file is left as it is).</summary>
    public static void Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (AsTimestamp(value) is { } text) obj[key] = text;
                    else Normalize(value);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (AsTimestamp(array[i]) is { } text) array[i] = text;
                    else Normalize(array[i]);
                }
                break;
        }
    }

    private static string? AsTimestamp(JsonNode? node)
    {
        if (node is not JsonValue value || value.TryGetValue<JsonElement>(out _)) return null;
        return value.TryGetValue<DateTimeOffset>(out var at) ? Format(at) : null;
    }
}
