using System.Text;
using A0.Demo;

/// <summary>
/// The source of an artifact shaped like a real one (issue 14): a vendored tree of mostly small files with some of
/// several MB, and a payload wheel that fills the venv the same way. Text-like content, so git and zip stay quick.
/// </summary>
internal static class VendoredRelease
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    // The vendored tree: ~16,000 files, ~245 MB.
    private static readonly (int Count, int MinBytes, int MaxBytes)[] TreeBands = [(15_000, 0, 8 * KiB), (970, 8 * KiB, 128 * KiB), (30, 2 * MiB, 6 * MiB)];

    // The payload wheel: ~4,000 files, ~45 MB, installed into site-packages beside pip's own ~1,500 files.
    private static readonly (int Count, int MinBytes, int MaxBytes)[] WheelBands = [(3_900, 0, 8 * KiB), (95, 8 * KiB, 128 * KiB), (5, 3 * MiB, 6 * MiB)];

    /// <summary>Writes the tree under <paramref name="treeRoot"/> and the wheel a0payload 1.0.0 into <paramref name="wheels"/>.</summary>
    public static int Generate(string treeRoot, string wheels)
    {
        var random = new Random(20261214);
        var text = Text(random, 8 * MiB);
        foreach (var (path, content, executable) in Files(random, text, TreeBands, "vendor"))
        {
            var full = Path.Join(treeRoot, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
            if (executable)
            {
                File.SetUnixFileMode(full, File.GetUnixFileMode(full) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
        for (var i = 0; i < 20; i++)
        {
            File.CreateSymbolicLink(Path.Join(treeRoot, "vendor", $"pkg{i:d2}", "latest"), $"mod{i % 25:d2}");
        }
        var payload = Files(random, text, WheelBands, "a0payload").ToDictionary(file => file.Path, file => file.Content, StringComparer.Ordinal);
        payload["a0payload/__init__.py"] = "__version__ = \"1.0.0\"\n"u8.ToArray();
        WheelBuilder.Build(new WheelSpec("a0payload", "1.0.0") { Summary = "bench payload", Files = payload }, wheels);
        return 0;
    }

    private static IEnumerable<(string Path, byte[] Content, bool Executable)> Files(Random random, byte[] text, (int Count, int MinBytes, int MaxBytes)[] bands, string top)
    {
        var index = 0;
        foreach (var (count, minBytes, maxBytes) in bands)
        {
            for (var i = 0; i < count; i++, index++)
            {
                var length = random.Next(minBytes, maxBytes + 1);
                var start = random.Next(text.Length - length + 1);
                yield return ($"{top}/pkg{index % 40:d2}/mod{index / 40 % 25:d2}/file{index:d5}.py", text[start..(start + length)], index % 20 == 0);
            }
        }
    }

    private static byte[] Text(Random random, int length)
    {
        string[] words = ["def", "return", "self", "import", "class", "value", "items", "for", "in", "if", "else", "None", "True", "config", "path", "data", "result", "async", "await", "yield"];
        var text = new StringBuilder(length + 100);
        while (text.Length < length)
        {
            text.Append(' ', random.Next(0, 5) * 4);
            for (var word = random.Next(2, 10); word > 0; word--)
            {
                text.Append(words[random.Next(words.Length)]).Append(random.Next(3) == 0 ? $"_{random.Next(1000)} " : " ");
            }
            text.Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
