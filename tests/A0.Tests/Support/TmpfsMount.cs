namespace A0.Tests.Support;

/// <summary>
/// A small tmpfs on a directory: a second filesystem (or a mount point, or a read-only one) for a test, unmounted on Dispose.
/// Mounting needs root with CAP_SYS_ADMIN; elsewhere the test is skipped, saying why.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public static async Task<TmpfsMount> CreateAsync(string path, string options = "size=256m")
    {
        Directory.CreateDirectory(path);
        var mount = await TestProcess.RunAsync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
        if (!mount.Succeeded) Assert.Skip($"this test needs a second filesystem and cannot mount a tmpfs here: {mount.StandardError.Trim()}");
        return new TmpfsMount(path);
    }

    public async Task MakeReadOnlyAsync() => await TestProcess.OutputAsync("mount", ["-o", "remount,ro", Path]);

    public void Dispose() => HomeFixtures.Exec("/", "umount", "--lazy", Path);
}
