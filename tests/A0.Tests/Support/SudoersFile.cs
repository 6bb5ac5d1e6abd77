namespace A0.Tests.Support;

/// <summary>A rule installed in /etc/sudoers.d/ (checked by visudo first), removed again on Dispose; needs root and sudo.</summary>
public sealed class SudoersFile : IDisposable
{
    private SudoersFile(string path) => Path = path;

    public string Path { get; }

    public static bool CanInstall => OsUser.CanCreate && File.Exists("/usr/bin/sudo") && Directory.Exists("/etc/sudoers.d");

    public const string NeedsSudo = "needs root and sudo (CI installs sudo) to make an OS user and run a0 as it through a real sudoers rule";

    public static SudoersFile Install(string rule)
    {
        var path = System.IO.Path.Combine("/etc/sudoers.d", "a0-test-" + Guid.NewGuid().ToString("N")[..8]);
        var staged = path + ".new";
        File.WriteAllText(staged, rule + "\n");
        File.SetUnixFileMode(staged, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        try
        {
            HomeFixtures.Exec("/", "visudo", "-cf", staged);
            File.Move(staged, path);
        }
        finally
        {
            File.Delete(staged);
        }
        return new SudoersFile(path);
    }

    /// <summary>Runs a command as another OS user (runuser), returning what it printed and how it exited.</summary>
    public static CliResult RunAs(string user, params string[] command)
    {
        var result = TestProcess.RunAsync("runuser", ["-u", user, "--", .. command]).GetAwaiter().GetResult();
        return new CliResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public void Dispose() => File.Delete(Path);
}
