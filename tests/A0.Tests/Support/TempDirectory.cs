namespace A0.Tests.Support;

/// <summary>A fresh directory under the system temp dir, deleted with everything in it (read-only parts included) on Dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "a0-test") => Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public override string ToString() => Path;

    public void Dispose()
    {
        if (!Directory.Exists(Path) || OperatingSystem.IsWindows())
        {
            return;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var directory in Directory.EnumerateDirectories(Path, "*", options).Prepend(Path))
        {
            File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(Path, recursive: true);
    }
}
