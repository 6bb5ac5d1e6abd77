namespace A0.Tests.Support;

/// <summary>Orders strings as the ordinal byte order of their UTF-8 encoding, which is code point order (the recipe's order, CONTRACT §9).</summary>
public sealed class Utf8PathComparer : IComparer<string>
{
    public static Utf8PathComparer Instance { get; } = new();

    private Utf8PathComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length - y.Length;
        }
        return Rank(x[common]) - Rank(y[common]);
    }

    // UTF-16 puts surrogates (code points above U+FFFF) below U+E000–U+FFFF; UTF-8 puts them above.
    private static int Rank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
