using System.Text;
using System.Text.RegularExpressions;
using A0.Storage;

namespace A0.Inspection;

/// <summary>
/// The read-only view `env` gives of the live release (`app/…`) and of `.billy/…` (not its cache): never secrets
/// (.env, *.pem, *.key), nothing reached through a symlink that leaves those roots, no binary files, 64 KiB at most, depth ≤ 3.
/// </summary>
public sealed class EnvBrowser(A0Context context)
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 3;

    public IReadOnlyList<string> List(string? path)
    {
        if (string.IsNullOrEmpty(path)) return ["app/", ".billy/"];
        var (root, full, shown) = Resolve(path);
        if (!Directory.Exists(full)) throw A0Exception.Precondition($"{shown} is not a directory", "not_found");
        return Entries(root, full, shown).Select(entry => entry.Display).ToList();
    }

    public EnvFile Read(string path)
    {
        var (_, full, shown) = Resolve(path);
        if (!File.Exists(full)) throw A0Exception.Precondition($"{shown} is not a file", "not_found");
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[MaxBytes];
        var read = stream.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
        if (Array.IndexOf(buffer, (byte)0, 0, read) >= 0) throw A0Exception.Precondition($"{shown} is a binary file; env shows text only", "path_refused");
        return new EnvFile(shown, Encoding.UTF8.GetString(buffer, 0, read), Truncated: stream.Length > MaxBytes);
    }

    public IReadOnlyList<string> Find(string pattern)
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var found = new List<string>();
        foreach (var rootName in new[] { "app", ".billy" })
        {
            var (root, full, shown) = Resolve(rootName);
            Walk(root, full, shown, 1, found, regex);
        }
        return found;
    }

    private void Walk(string root, string directory, string shown, int depth, List<string> found, Regex regex)
    {
        foreach (var entry in Entries(root, directory, shown))
        {
            if (regex.IsMatch(entry.Name)) found.Add(entry.Display);
            if (entry.IsDirectory && depth < MaxDepth) Walk(root, entry.FullPath, entry.Shown, depth + 1, found, regex);
        }
    }

    private IEnumerable<EnvEntry> Entries(string root, string directory, string shown)
    {
        foreach (var info in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var childShown = $"{shown.TrimEnd('/')}/{info.Name}";
            if (IsSecret(info.Name) || IsCache(childShown)) continue;
            var target = info.LinkTarget;
            if (target is not null)
            {
                var resolved = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                var inside = resolved is not null && IsInside(root, resolved) && (Directory.Exists(resolved) || File.Exists(resolved));
                yield return new EnvEntry(info.Name, childShown, $"{childShown} -> {target}{(inside ? "" : " (outside, not followed)")}", resolved ?? "", inside && Directory.Exists(resolved));
                continue;
            }
            var isDirectory = info is DirectoryInfo;
            yield return new EnvEntry(info.Name, childShown, isDirectory ? childShown + "/" : childShown, info.FullName, isDirectory);
        }
    }

    private (string Root, string Full, string Shown) Resolve(string path)
    {
        if (path.Any(char.IsControl)) throw A0Exception.Usage("the path holds control characters");
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments[0] is not ("app" or ".billy")) throw A0Exception.Usage($"'{path}' must start with app/ or .billy/");
        if (segments.Length - 1 > MaxDepth + 1 || !segments.Skip(1).All(s => RelativePath.IsSafe(s))) throw A0Exception.Usage($"'{path}' is not a path env can show");
        var shown = string.Join('/', segments);
        if (segments.Any(IsSecret) || IsCache(shown)) throw A0Exception.Precondition($"{shown} is never shown by env", "path_refused");

        var root = segments[0] == "app" ? AppRoot() : context.Home.Billy;
        var full = Path.Combine([root, .. segments.Skip(1)]);
        var real = RealPath(full);
        if (real is null) throw A0Exception.Precondition($"{shown} does not exist", "not_found");
        if (!IsInside(root, real)) throw A0Exception.Precondition($"{shown} leads outside {segments[0]}/ through a symlink; env does not follow it", "path_refused");
        if (IsSecret(Path.GetFileName(real))) throw A0Exception.Precondition($"{shown} leads to a secret through a symlink; env never shows it", "path_refused");
        return (root, real, shown);
    }

    private string AppRoot()
    {
        var appPath = context.Metadata.Config.Read().AppPath;
        return RealPath(appPath) ?? throw A0Exception.Precondition($"{appPath} does not resolve to a release", "not_found");
    }

    private static string? RealPath(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName is { } target && (File.Exists(target) || Directory.Exists(target)) ? RealPath(target) : null;
        if (!info.Exists && !Directory.Exists(path)) return null;
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        return parent is null ? Path.GetFullPath(path) : Path.Combine(RealPath(parent) ?? parent, Path.GetFileName(path));
    }

    private static bool IsInside(string root, string path)
    {
        var realRoot = RealPath(root) ?? root;
        return path == realRoot || path.StartsWith(realRoot.TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    private static bool IsSecret(string name) =>
        name == ".env" || name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".key", StringComparison.OrdinalIgnoreCase);

    private static bool IsCache(string shown) => shown == ".billy/cache" || shown.StartsWith(".billy/cache/", StringComparison.Ordinal);

    private sealed record EnvEntry(string Name, string Shown, string Display, string FullPath, bool IsDirectory);
}

public sealed record EnvFile(string Path, string Content, bool Truncated);
