using System.Text;
using System.Text.RegularExpressions;

namespace A0.Demo;

/// <summary>What goes into a pure-Python wheel: name, version, requirements, console scripts and files (path in the wheel → content).</summary>
public sealed partial record WheelSpec(string Name, string Version)
{
    public string Summary { get; init; } = "";

    /// <summary>PEP 508 requirements, written as Requires-Dist.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>Script name → <c>module:function</c>.</summary>
    public IReadOnlyDictionary<string, string> ConsoleScripts { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, byte[]> Files { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The name as wheel file names and .dist-info folders spell it.</summary>
    public string EscapedName => Separators().Replace(Name, "_").ToLowerInvariant();

    public string FileName => $"{EscapedName}-{Version}-py3-none-any.whl";

    /// <summary>A package with one module of the same name and the given requirements.</summary>
    public static WheelSpec Minimal(string name, string version, params string[] dependencies)
    {
        var spec = new WheelSpec(name, version) { Dependencies = dependencies };
        return spec with
        {
            Files = new Dictionary<string, byte[]> { [$"{spec.EscapedName}/__init__.py"] = Encoding.UTF8.GetBytes($"__version__ = \"{version}\"\n") },
        };
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
