namespace A0.Storage;

/// <summary>A relative path that stays inside its root: no absolute paths, no `..`, no empty or control-character segments.</summary>
public static class RelativePath
{
    public static bool IsSafe(string? path) =>
        !string.IsNullOrEmpty(path)
        && !path.StartsWith('/')
        && !path.Any(char.IsControl)
        && path.TrimEnd('/').Split('/').All(segment => segment is not ("" or "." or ".."));
}
