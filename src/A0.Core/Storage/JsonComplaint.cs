using System.Text.Json;
using System.Text.RegularExpressions;

namespace A0.Storage;

/// <summary>What the JSON deserializer found wrong with a metadata file, in a person's words and naming the field (no .NET type names).</summary>
internal static partial class JsonComplaint
{
    public static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 1 } at ? at.TrimStart('$', '.') : null;
        if (e is MetadataFormatException) return field is null ? FirstSentence(e.Message) : $"field '{field}': {FirstSentence(e.Message)}";
        if (field is null)
        {
            var missing = MissingFields().Match(e.Message);
            return missing.Success ? $"missing field {missing.Groups["fields"].Value}" : "the document does not have the expected shape";
        }
        return e.Message.Contains("null", StringComparison.Ordinal) && !e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"field '{field}' must not be null"
            : $"field '{field}' has the wrong type or a value that is not allowed";
    }

    /// <summary>The reader's own words, without the path and position the deserializer appends.</summary>
    private static string FirstSentence(string message) => message.Split(" Path: ")[0];

    [GeneratedRegex(@"missing required properties including: (?<fields>.*?)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingFields();
}

/// <summary>A converter of a0's own saying what is wrong in its own words (kept as they are, unlike the deserializer's).</summary>
public sealed class MetadataFormatException(string message) : JsonException(message);
