using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using A0.Demo;

/// <summary>
/// The staging bench's workload, deterministic: a stub wheel named after every requirement of the given requirement
/// files (at a version that satisfies it), one heavy <c>torch</c> wheel (~190 MB in ~4,000 files, as torch brings to a
/// real Agent Zero, required by the stubs of the packages that need it in real life), and a release tree shaped like
/// Agent Zero v1.7's (~1,700 files, ~24 MB, mostly text, a few binaries).
/// </summary>
internal static partial class StagingWorkload
{
    private static readonly string[] NeedTorch = ["sentence-transformers", "kokoro", "openai-whisper"];
    private static readonly string[] Words =
    [
        "agent", "memory", "tool", "prompt", "context", "message", "model", "result", "history", "reply", "stream",
        "knowledge", "token", "search", "browser", "task", "schedule", "config", "settings", "state", "value", "item",
        "index", "buffer", "handler", "request", "response", "session", "cache", "vector", "embedding", "document",
    ];

    public static int Generate(string output, IReadOnlyList<string> requirementFiles)
    {
        var wheels = Path.Join(output, "wheels");
        var tree = Path.Join(output, "tree");
        Directory.CreateDirectory(wheels);
        var random = new Random(20261204);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in requirementFiles)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (Requirement().Match(line.Split('#')[0]) is not { Success: true } match || !names.Add(match.Groups["name"].Value)) continue;
                var name = match.Groups["name"].Value;
                var spec = WheelSpec.Minimal(name, StubVersion(match.Groups["spec"].Value), NeedTorch.Contains(name, StringComparer.OrdinalIgnoreCase) ? ["torch"] : []);
                WheelBuilder.Build(spec, wheels);
            }
        }
        WheelBuilder.Build(Torch(random), wheels);
        Console.WriteLine($"{names.Count + 1} wheels in {wheels}");

        foreach (var (path, content) in ReleaseTree(random))
        {
            var full = Path.Join(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
        Console.WriteLine($"release tree in {tree}");
        return 0;
    }

    /// <summary>The version a stub gets: the pinned or lowest allowed one, else 0.1 under an upper bound, else 1.0.</summary>
    private static string StubVersion(string spec)
    {
        if (Bound().Match(spec) is { Success: true } lower) return lower.Groups["version"].Value;
        return spec.Contains('<', StringComparison.Ordinal) ? "0.1" : "1.0";
    }

    /// <summary>~3,000 Python modules (~12 MB), ~900 headers (~10 MB) and ~100 shared-library-like binaries (~170 MB), half compressible.</summary>
    private static WheelSpec Torch(Random random)
    {
        var files = new Dictionary<string, byte[]>();
        for (var i = 0; i < 3000; i++) files[$"torch/{Words[i % Words.Length]}/m{i:d4}.py"] = Python(random, random.Next(500, 7500));
        for (var i = 0; i < 900; i++) files[$"torch/include/{Words[i % Words.Length]}/h{i:d3}.h"] = Text(random, random.Next(2000, 20000));
        for (var i = 0; i < 100; i++) files[$"torch/lib/lib{Words[i % Words.Length]}{i:d2}.so"] = Binary(random, i < 2 ? 40 << 20 : random.Next(200_000, 1_600_000));
        return new WheelSpec("torch", "2.5.1") { Files = files };
    }

    /// <summary>Agent Zero v1.7's shape: ~1,620 small text files, ~100 larger ones, 10 binaries (fonts, images).</summary>
    private static IEnumerable<(string Path, byte[] Content)> ReleaseTree(Random random)
    {
        for (var i = 0; i < 1620; i++) yield return ($"{Words[i % 12]}/{Words[i / 12 % Words.Length]}/f{i:d4}.py", Python(random, random.Next(500, 13000)));
        for (var i = 0; i < 100; i++) yield return ($"webui/vendor/v{i:d3}.js", Text(random, random.Next(20_000, 140_000)));
        for (var i = 0; i < 10; i++) yield return ($"webui/res/r{i}.bin", Binary(random, random.Next(300_000, 700_000)));
    }

    private static byte[] Python(Random random, int length)
    {
        var text = new StringBuilder();
        for (var n = 0; text.Length < length; n++)
        {
            var (a, b) = (Words[random.Next(Words.Length)], Words[random.Next(Words.Length)]);
            text.Append(CultureInfo.InvariantCulture, $"def {a}_{b}_{n}({a}, other_{b}=None):\n    \"\"\"Return the {a} of the other {b}.\"\"\"\n    return [{a}, other_{b}, {random.Next()}]\n\n\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Text(Random random, int length)
    {
        var text = new StringBuilder();
        while (text.Length < length) text.Append(Words[random.Next(Words.Length)]).Append(random.Next(8) == 0 ? ";\n" : " ");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Blocks of random bytes and of low-entropy ones: deflate takes it to about half, as it does machine code.</summary>
    private static byte[] Binary(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (var block = 4096; block < length; block += 8192)
        {
            for (var i = block; i < Math.Min(block + 4096, length); i++) bytes[i] &= 0x07;
        }
        return bytes;
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(?<spec>[^;]*)")]
    private static partial Regex Requirement();

    [GeneratedRegex(@"(==|>=|~=)\s*(?<version>[0-9][0-9a-zA-Z.]*)")]
    private static partial Regex Bound();
}
