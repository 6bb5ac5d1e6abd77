using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using A0.Staging;
using A0.Storage;

namespace A0.Inspection;

/// <summary>
/// The read-only view `env` gives of the live release (`app/…`) and of `.billy/…` (not its cache), CONTRACT §4: never secrets
/// (.env, *.env, *.pem, *.key, .git/config, nor a URL's user:password), nothing reached through a symlink that leaves those
/// roots, no fifo, socket or device (refused without being opened), no binary file, 64 KiB at most, 3 levels deep at most.
/// </summary>
public sealed partial class EnvBrowser(A0Context context)
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 3;

    public IReadOnlyList<string> List(string? path)
    {
        if (string.IsNullOrEmpty(path)) return ["app/", ".billy/"];
        var (root, full, shown) = Resolve(path, MaxDepth - 1);
        if (!Directory.Exists(full)) throw A0Exception.Precondition($"{shown} is not a directory", "not_found");
        return Entries(root, full, shown).Select(entry => entry.Display).ToList();
    }

    public EnvFile Read(string path)
    {
        var (_, full, shown) = Resolve(path, MaxDepth);
        var type = UnixFiles.Lstat(full).Type;
        if (type == UnixEntryType.Directory) throw A0Exception.Precondition($"{shown} is a directory; `a0 env ls {shown}` lists it", "not_found");
        if (type != UnixEntryType.RegularFile) throw A0Exception.Precondition($"{shown} is {type.Describe()}; env shows regular files only", "path_refused");

        var fd = UnixFiles.OpenForReading(full);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes);
        try
        {
            // Opened without following a symlink or waiting on a fifo; a file swapped in since the lstat is refused too.
            var opened = UnixFiles.Stat(fd, full);
            if (opened.Type != UnixEntryType.RegularFile) throw A0Exception.Precondition($"{shown} is {opened.Type.Describe()}; env shows regular files only", "path_refused");
            var read = 0;
            while (read < MaxBytes && UnixFiles.Read(fd, buffer.AsSpan(read, MaxBytes - read), read, full) is > 0 and var count) read += count;
            var truncated = opened.Size > MaxBytes;
            var text = Text(buffer.AsSpan(0, read), truncated) ?? throw A0Exception.Precondition($"{shown} is a binary file; env shows text only", "path_refused");
            return new EnvFile(shown, WithoutCredentials(text), truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            UnixFiles.Close(fd);
        }
    }

    public IReadOnlyList<string> Find(string pattern)
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var found = new List<string>();
        foreach (var rootName in new[] { "app", ".billy" })
        {
            var (root, full, shown) = Resolve(rootName, 0);
            Walk(root, full, shown, 1, found, regex);
        }
        return found;
    }

    /// <summary>UTF-8 text without NUL, or null for anything binary; a character cut at the 64 KiB limit is dropped.</summary>
    private static string? Text(ReadOnlySpan<byte> bytes, bool truncated)
    {
        if (bytes.Contains((byte)0)) return null;
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: !truncated);
        return status is OperationStatus.Done or OperationStatus.NeedMoreData ? new string(chars, 0, written) : null;
    }

    /// <summary>A URL's user:password (a token in a git remote, a proxy password) is shown as ***.</summary>
    private static string WithoutCredentials(string text) => UrlCredentials().Replace(text, "${scheme}***@");

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
            if (IsSecret(childShown) || IsCache(childShown)) continue;
            var target = info.LinkTarget;
            if (target is not null)
            {
                var resolved = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                var inside = resolved is not null && IsInside(root, resolved) && (Directory.Exists(resolved) || File.Exists(resolved));
                var display = WithoutCredentials($"{childShown} -> {target}{(inside ? "" : " (outside, not followed)")}");
                yield return new EnvEntry(info.Name, childShown, display, resolved ?? "", inside && Directory.Exists(resolved));
                continue;
            }
            var isDirectory = info is DirectoryInfo;
            yield return new EnvEntry(info.Name, childShown, isDirectory ? childShown + "/" : childShown, info.FullName, isDirectory);
        }
    }

    /// <summary>The root, the real path and the shown path of an env path at most maxDepth levels below its root.</summary>
    private (string Root, string Full, string Shown) Resolve(string path, int maxDepth)
    {
        if (path.Any(char.IsControl)) throw A0Exception.Usage("the path holds control characters");
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments[0] is not ("app" or ".billy")) throw A0Exception.Usage($"'{path}' must start with app/ or .billy/");
        if (!segments.Skip(1).All(s => RelativePath.IsSafe(s))) throw A0Exception.Usage($"'{path}' is not a path env can show");
        var shown = string.Join('/', segments);
        if (segments.Length - 1 > maxDepth) throw TooDeep(shown);
        if (IsSecret(shown) || IsCache(shown)) throw A0Exception.Precondition($"{shown} is never shown by env", "path_refused");

        var root = segments[0] == "app" ? AppRoot() : context.Home.Billy;
        var full = Path.Combine([root, .. segments.Skip(1)]);
        var real = RealPath(full);
        if (real is null) throw A0Exception.Precondition($"{shown} does not exist", "not_found");
        if (!IsInside(root, real)) throw A0Exception.Precondition($"{shown} leads outside {segments[0]}/ through a symlink; env does not follow it", "path_refused");
        var realShown = string.Join('/', [segments[0], .. Path.GetRelativePath(RealPath(root) ?? root, real).Split('/').Where(s => s != ".")]);
        if (IsSecret(realShown) || IsCache(realShown)) throw A0Exception.Precondition($"{shown} leads to something env never shows, through a symlink", "path_refused");
        if (realShown.Split('/').Length - 1 > maxDepth) throw TooDeep(shown);
        return (root, real, shown);
    }

    private static A0Exception TooDeep(string shown) =>
        A0Exception.Precondition($"{shown} is deeper than env goes ({MaxDepth} levels below app/ and .billy/)", "path_refused");

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

    /// <summary>Secrets by name (.env, *.env, *.pem, *.key) anywhere on the path, and git's config files under a .git directory.</summary>
    private static bool IsSecret(string shown)
    {
        var segments = shown.Split('/');
        if (segments.Any(name => name.EndsWith(".env", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".key", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        return segments[^1] is "config" or "config.worktree" && segments[..^1].Contains(".git");
    }

    private static bool IsCache(string shown) => shown == ".billy/cache" || shown.StartsWith(".billy/cache/", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^\s/?#@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    private sealed record EnvEntry(string Name, string Shown, string Display, string FullPath, bool IsDirectory);
}

public sealed record EnvFile(string Path, string Content, bool Truncated);
