using System.Security.Cryptography;

namespace A0.Tests.Support;

/// <summary>Everything under a user-data directory, never followed through links: every file's bytes, every link's target, every special file's type.</summary>
public static class UserDataDigest
{
    public static IReadOnlyList<string> Of(string directory) => [.. Directory
        .EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
        .Concat(Links(directory))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .Select(path => Describe(directory, path))];

    /// <summary>Symlinks are skipped by the recursive walk above (a reparse point), so they are listed by walking real directories.</summary>
    private static IEnumerable<string> Links(string directory) =>
        Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Prepend(directory)
            .SelectMany(d => new DirectoryInfo(d).EnumerateFileSystemInfos().Where(e => e.LinkTarget is not null).Select(e => e.FullName));

    private static string Describe(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target) return $"l {relative} -> {target}";
        if (Directory.Exists(path)) return $"d {relative}";
        // A fifo would block a read: ask stat what it is first.
        var kind = HomeFixtures.Exec("/", "stat", "-c", "%F", path).Trim();
        return kind.StartsWith("regular", StringComparison.Ordinal) ? $"f {relative} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}" : $"{kind} {relative}";
    }
}
