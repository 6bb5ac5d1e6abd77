using System.Text.RegularExpressions;

namespace A0.Demo;

/// <summary>
/// Reads the little of pyproject.toml a sample package uses: [project] name, version, description, a one-line
/// dependencies array and [project.scripts]. The package's files are its top-level packages and modules.
/// </summary>
public static partial class PyProject
{
    public static WheelSpec Read(string sourceDirectory)
    {
        var section = "";
        var project = new Dictionary<string, string>();
        var scripts = new Dictionary<string, string>();
        foreach (var rawLine in File.ReadLines(Path.Combine(sourceDirectory, "pyproject.toml")))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']').Trim();
            }
            else if (KeyValue().Match(line) is { Success: true } match)
            {
                var target = section switch { "project" => project, "project.scripts" => scripts, _ => null };
                target?.Add(match.Groups["key"].Value.Trim('"'), match.Groups["value"].Value.Trim());
            }
        }
        return new WheelSpec(Unquote(Required(project, "name")), Unquote(Required(project, "version")))
        {
            Summary = project.TryGetValue("description", out var description) ? Unquote(description) : "",
            Dependencies = project.TryGetValue("dependencies", out var dependencies) ? QuotedStrings().Matches(dependencies).Select(m => m.Groups[1].Value).ToList() : [],
            ConsoleScripts = scripts.ToDictionary(s => s.Key, s => Unquote(s.Value)),
            Files = PackageFiles(sourceDirectory),
        };
    }

    private static Dictionary<string, byte[]> PackageFiles(string sourceDirectory)
    {
        var topLevel = Directory.EnumerateDirectories(sourceDirectory)
            .Where(d => File.Exists(Path.Combine(d, "__init__.py")))
            .SelectMany(d => Directory.EnumerateFiles(d, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            .Concat(Directory.EnumerateFiles(sourceDirectory, "*.py"));
        return topLevel
            .Select(f => Path.GetRelativePath(sourceDirectory, f))
            .Where(p => !p.Split('/').Contains("__pycache__") && !p.EndsWith(".pyc", StringComparison.Ordinal))
            .ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(sourceDirectory, p)), StringComparer.Ordinal);
    }

    private static string Required(Dictionary<string, string> table, string key) =>
        table.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"pyproject.toml has no [project] {key}");

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    [GeneratedRegex("""^(?<key>"[^"]+"|[A-Za-z0-9_.-]+)\s*=\s*(?<value>.+)$""")]
    private static partial Regex KeyValue();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedStrings();
}
