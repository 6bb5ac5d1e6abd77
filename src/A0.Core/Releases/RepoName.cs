using System.Text.RegularExpressions;

namespace A0.Releases;

/// <summary>OWNER/NAME as GitHub allows it; checked before it reaches a URL.</summary>
public static partial class RepoName
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name) && !name.EndsWith("/..", StringComparison.Ordinal) && !name.EndsWith("/.", StringComparison.Ordinal);
}
