using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace A0.Demo;

/// <summary>Builds py3-none-any wheels without setuptools or the wheel package: a zip with the package files and a .dist-info.</summary>
public static class WheelBuilder
{
    private static readonly DateTimeOffset FixedTime = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Builds the wheel of the package whose pyproject.toml is in <paramref name="sourceDirectory"/>.</summary>
    public static string BuildFromSource(string sourceDirectory, string outputDirectory) => Build(PyProject.Read(sourceDirectory), outputDirectory);

    /// <summary>Builds a wheel for every package folder in <paramref name="sourcesDirectory"/> (such as samples/wheels).</summary>
    public static IReadOnlyList<string> BuildAll(string sourcesDirectory, string outputDirectory) =>
        [.. Directory.EnumerateDirectories(sourcesDirectory)
            .Where(d => File.Exists(Path.Combine(d, "pyproject.toml")))
            .Order(StringComparer.Ordinal)
            .Select(d => BuildFromSource(d, outputDirectory))];

    /// <summary>Writes <c>name-version-py3-none-any.whl</c> into <paramref name="outputDirectory"/> and returns its path.</summary>
    public static string Build(WheelSpec spec, string outputDirectory)
    {
        var distInfo = $"{spec.EscapedName}-{spec.Version}.dist-info";
        var entries = spec.Files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        entries.Add(new($"{distInfo}/METADATA", Encoding.UTF8.GetBytes(Metadata(spec))));
        entries.Add(new($"{distInfo}/WHEEL", "Wheel-Version: 1.0\nGenerator: a0-demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n"u8.ToArray()));
        if (spec.ConsoleScripts.Count > 0)
        {
            var scripts = spec.ConsoleScripts.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} = {s.Value}\n");
            entries.Add(new($"{distInfo}/entry_points.txt", Encoding.UTF8.GetBytes("[console_scripts]\n" + string.Concat(scripts))));
        }
        var record = string.Concat(entries.Select(e => $"{CsvField(e.Key)},sha256={UrlSafeBase64(SHA256.HashData(e.Value))},{e.Value.Length}\n"));
        entries.Add(new($"{distInfo}/RECORD", Encoding.UTF8.GetBytes(record + $"{CsvField($"{distInfo}/RECORD")},,\n")));

        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, spec.FileName);
        var temp = path + ".tmp";
        using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string Metadata(WheelSpec spec)
    {
        var text = new StringBuilder($"Metadata-Version: 2.1\nName: {spec.Name}\nVersion: {spec.Version}\n");
        if (spec.Summary.Length > 0)
        {
            text.Append($"Summary: {spec.Summary}\n");
        }
        foreach (var dependency in spec.Dependencies)
        {
            text.Append($"Requires-Dist: {dependency}\n");
        }
        return text.ToString();
    }

    private static string UrlSafeBase64(byte[] hash) => Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
