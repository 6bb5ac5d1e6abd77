using System.Runtime.CompilerServices;

namespace A0.Staging;

/// <summary>A sha256 kept as its 32 bytes, so a hashed file costs no string until someone reads it as hex.</summary>
[InlineArray(Length)]
internal struct Sha256Digest
{
    public const int Length = 32;
    public const int HexLength = 2 * Length;

    private byte first;

    /// <summary>Lowercase hex, as CONTRACT §9 writes every hash.</summary>
    public readonly string ToHex() => Convert.ToHexStringLower(this);

    /// <summary>Writes the lowercase hex as UTF-8 into the first <see cref="HexLength"/> bytes of <paramref name="destination"/>.</summary>
    public readonly void WriteHex(Span<byte> destination) => Convert.TryToHexStringLower(this, destination, out _);

    /// <summary>Whether <paramref name="hex"/> (UTF-8) is exactly this digest's lowercase hex.</summary>
    public readonly bool MatchesHex(ReadOnlySpan<byte> hex)
    {
        Span<byte> mine = stackalloc byte[HexLength];
        WriteHex(mine);
        return hex.SequenceEqual(mine);
    }
}
