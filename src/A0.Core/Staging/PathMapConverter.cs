using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

using A0.Storage;

namespace A0.Staging;

/// <summary>Reads a JSON object of strings into a <see cref="PathMap"/>; writes any map of strings as the default converter would.</summary>
internal sealed class PathMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new MetadataFormatException("expected an object mapping paths to strings");
        }
        var builder = new PathMap.Builder();
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var keyLength = CopyString(ref reader, ref scratch, 0);
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    throw new MetadataFormatException($"the value of '{Encoding.UTF8.GetString(scratch, 0, keyLength)}' is not a string");
                }
                var valueLength = CopyString(ref reader, ref scratch, keyLength);
                builder.Add(scratch.AsSpan(0, keyLength), scratch.AsSpan(keyLength, valueLength));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
        return builder.Build() ?? throw new MetadataFormatException("a path appears twice");
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WritePropertyName(key);
            writer.WriteStringValue(text);
        }
        writer.WriteEndObject();
    }

    /// <summary>Copies the current string token, unescaped, as UTF-8 into <paramref name="scratch"/> at <paramref name="start"/>; returns its length.</summary>
    private static int CopyString(ref Utf8JsonReader reader, ref byte[] scratch, int start)
    {
        var most = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (scratch.Length - start < most)
        {
            var larger = ArrayPool<byte>.Shared.Rent(start + most);
            scratch.AsSpan(0, start).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = larger;
        }
        try
        {
            return reader.CopyString(scratch.AsSpan(start));
        }
        catch (InvalidOperationException e)
        {
            throw new MetadataFormatException(e.Message);
        }
    }
}
