using System.Text.RegularExpressions;

namespace A0.Validation;

/// <summary>
/// Paths in a release that match a pattern like conf/*.yaml or agents/*/agent.yaml: `*` matches within one path segment,
/// and a symlink is never followed (user-data links lead out of the release).
/// </summary>
public static class ReleaseGlob
{
    public static IReadOnlyList<string> Match(string release, string pattern, bool directories = false)
    {
        var segments = pattern.Trim('/').Split('/');
        var found = new List<string>();
        Walk(release, "", segments, 0, directories, found);
        return [.. found.Order(StringComparer.Ordinal)];
    }

    private static void Walk(string release, string relative, string[] segments, int index, bool directories, List<string> found)
    {
        var directory = new DirectoryInfo(Path.Combine(release, relative));
        if (!directory.Exists || directory.LinkTarget is not null) return;
        var segment = Segment(segments[index]);
        var last = index == segments.Length - 1;
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || !segment.IsMatch(entry.Name)) continue;
            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            if (!last)
            {
                if (entry is DirectoryInfo) Walk(release, path, segments, index + 1, directories, found);
            }
            else if ((entry is DirectoryInfo) == directories)
            {
                found.Add(path);
            }
        }
    }

    private static Regex Segment(string glob) =>
        new("^" + Regex.Escape(glob).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "\\z", RegexOptions.CultureInvariant);
}
