using A0.Config;
using A0.Processes;

namespace A0.Staging;

/// <summary>Checks made before staging leaves IDLE: the interpreter exists (else exit 7) and both filesystems have room (else exit 4).</summary>
public static class Preflight
{
    public static string Check(A0Context context, A0Config config)
    {
        var python = PythonLocator.Find(config.Python, context.Variable("PATH"))
            ?? throw A0Exception.Unavailable($"the configured interpreter '{config.Python}' was not found; install it or set python in .billy/config.json");
        foreach (var directory in new[] { context.TempRoot, context.Home.Billy })
        {
            var free = new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
            if (free < config.Staging.MinFreeBytes)
            {
                throw A0Exception.Precondition(
                    $"{directory} has {free / (1024 * 1024)} MiB free; staging needs {config.Staging.MinFreeBytes / (1024 * 1024)} MiB (staging.min_free_bytes). Free space or run `a0 cleanup-artifacts`",
                    "disk_space");
            }
        }
        return python;
    }
}
