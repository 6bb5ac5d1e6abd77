using System.Text.RegularExpressions;

namespace A0.Releases;

/// <summary>
/// The tag allow-list (CONTRACT §4): `v`, digits and dots, an optional `-` suffix of letters, digits and dots, at most 64 chars.
/// Every tag name passes here before it can reach a path, a URL or a subprocess.
/// </summary>
public static partial class TagName
{
    public const int MaxLength = 64;

    [GeneratedRegex(@"^v[0-9]+(\.[0-9]+)*(-[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    /// <summary>Checks a version typed by the user; anything else is a usage error (exit 2).</summary>
    public static string Require(string? name) =>
        IsValid(name) ? name! : throw A0Exception.Usage($"'{Printable(name)}' is not a release tag (expected v1.2.3 or v1.2.3-beta.1, at most {MaxLength} characters)");

    private static string Printable(string? name)
    {
        var text = name ?? "";
        text = text.Length > 80 ? text[..80] + "…" : text;
        return new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
