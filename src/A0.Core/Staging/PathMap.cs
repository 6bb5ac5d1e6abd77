using System.Collections;
using System.Text;

namespace A0.Staging;

/// <summary>
/// A manifest's map of path → hash or kind, kept compact: keys and values as UTF-8 in two buffers, in the byte order of
/// the keys (CONTRACT §9's order), so a manifest of 20,000 files is read without 80,000 strings and compared with a
/// hashed tree by one merge. As a dictionary it makes its strings on first use.
/// </summary>
internal sealed class PathMap : IReadOnlyDictionary<string, string>
{
    private readonly byte[] keys;
    private readonly int[] keyEnds;
    private readonly byte[] values;
    private readonly int[] valueEnds;
    private Dictionary<string, string>? strings;

    private PathMap(byte[] keys, int[] keyEnds, byte[] values, int[] valueEnds)
    {
        this.keys = keys;
        this.keyEnds = keyEnds;
        this.values = values;
        this.valueEnds = valueEnds;
    }

    public int Count => keyEnds.Length;

    public IEnumerable<string> Keys => Strings.Keys;
    public IEnumerable<string> Values => Strings.Values;

    private Dictionary<string, string> Strings => LazyInitializer.EnsureInitialized(ref strings, () =>
    {
        var map = new Dictionary<string, string>(Count, StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            map.Add(KeyString(i), Encoding.UTF8.GetString(ValueAt(i)));
        }
        return map;
    });

    public string this[string key] => Strings[key];

    /// <summary>The map as it is when it already is one; otherwise the same entries, encoded and sorted.</summary>
    public static PathMap From(IReadOnlyDictionary<string, string> map)
    {
        if (map is PathMap compact)
        {
            return compact;
        }
        var builder = new Builder();
        foreach (var (key, value) in map)
        {
            builder.Add(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
        }
        return builder.Build() ?? throw new InvalidOperationException("a dictionary cannot repeat a key");
    }

    /// <summary>The i-th key (in byte order) as UTF-8.</summary>
    public ReadOnlySpan<byte> KeyAt(int index) => keys.AsSpan(index == 0 ? 0 : keyEnds[index - 1], keyEnds[index] - (index == 0 ? 0 : keyEnds[index - 1]));

    public ReadOnlySpan<byte> ValueAt(int index) => values.AsSpan(index == 0 ? 0 : valueEnds[index - 1], valueEnds[index] - (index == 0 ? 0 : valueEnds[index - 1]));

    public string KeyString(int index) => Encoding.UTF8.GetString(KeyAt(index));

    public bool ContainsKey(string key) => Strings.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => Strings.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Strings.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Collects entries in any order; <see cref="Build"/> puts them in byte order of their keys.</summary>
    internal sealed class Builder
    {
        private readonly List<int> keyEnds = [];
        private readonly List<int> valueEnds = [];
        private byte[] keys = new byte[4096];
        private byte[] values = new byte[4096];
        private int keysUsed;
        private int valuesUsed;

        public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            Append(ref keys, ref keysUsed, key);
            keyEnds.Add(keysUsed);
            Append(ref values, ref valuesUsed, value);
            valueEnds.Add(valuesUsed);
        }

        /// <summary>The map, or null when a key repeats.</summary>
        public PathMap? Build()
        {
            var map = new PathMap(keys, [.. keyEnds], values, [.. valueEnds]);
            var sorted = true;
            for (var i = 1; i < map.Count && sorted; i++)
            {
                sorted = map.KeyAt(i - 1).SequenceCompareTo(map.KeyAt(i)) < 0;
            }
            if (sorted)
            {
                return map;
            }
            var order = Enumerable.Range(0, map.Count).ToArray();
            Array.Sort(order, (a, b) => map.KeyAt(a).SequenceCompareTo(map.KeyAt(b)));
            var reordered = new Builder();
            for (var i = 0; i < order.Length; i++)
            {
                if (i > 0 && map.KeyAt(order[i - 1]).SequenceEqual(map.KeyAt(order[i])))
                {
                    return null;
                }
                reordered.Add(map.KeyAt(order[i]), map.ValueAt(order[i]));
            }
            return reordered.Build();
        }

        private static void Append(ref byte[] buffer, ref int used, ReadOnlySpan<byte> bytes)
        {
            if (buffer.Length - used < bytes.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, used + bytes.Length));
            }
            bytes.CopyTo(buffer.AsSpan(used));
            used += bytes.Length;
        }
    }
}
