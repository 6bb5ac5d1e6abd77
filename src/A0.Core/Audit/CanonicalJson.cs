using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace A0.Audit;

/// <summary>RFC 8785 (JCS) serialisation: keys sorted by UTF-16 code units, no whitespace, minimal string escapes.</summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    WriteString(builder, key);
                    builder.Append(':');
                    Write(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Write(builder, array[i]);
                }
                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                // A value built from a DateTimeOffset, Guid or enum is a string in JSON but not a string in memory.
                WriteString(builder, value.TryGetValue<string>(out var text) ? text : JsonNode.Parse(value.ToJsonString())!.GetValue<string>());
                break;
            case JsonValueKind.Number:
                builder.Append(FormatNumber(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>ECMAScript number formatting for the values a0 writes: integers exactly, others shortest round-trip.</summary>
    private static string FormatNumber(double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number)) throw new ArgumentException("JCS cannot represent NaN or infinity");
        if (number == Math.Floor(number) && Math.Abs(number) < 1e21) return ((decimal)number).ToString(CultureInfo.InvariantCulture);
        return number.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ': builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: builder.Append(c); break;
            }
        }
        builder.Append('"');
    }
}
