namespace A0.Processes;

/// <summary>Finds the configured interpreter: an absolute path, or a name on PATH.</summary>
public static class PythonLocator
{
    public static string? Find(string python, string? path)
    {
        if (python.Contains('/')) return File.Exists(python) ? Path.GetFullPath(python) : null;
        return (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, python))
            .FirstOrDefault(File.Exists);
    }
}
