namespace A0.Demo;

/// <summary>The samples/ directory shipped with a0: next to the running assembly, else in an ancestor (a repo checkout).</summary>
public static class SamplesDirectory
{
    public static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples");
            if (File.Exists(ReleasesJson(candidate)))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no samples/ directory with agent-zero/releases.json next to {AppContext.BaseDirectory} or above it");
    }

    public static string AgentZeroBase(string samplesDirectory) => Path.Combine(samplesDirectory, "agent-zero", "base");

    public static string ReleaseOverlay(string samplesDirectory, string tag) => Path.Combine(samplesDirectory, "agent-zero", "releases", tag);

    /// <summary>A release the demo publishes later that is broken on purpose (it fails validation).</summary>
    public static string BrokenOverlay(string samplesDirectory, string tag) => Path.Combine(samplesDirectory, "agent-zero", "broken", tag);

    public static string ReleasesJson(string samplesDirectory) => Path.Combine(samplesDirectory, "agent-zero", "releases.json");

    /// <summary>The folder holding one source folder per sample Python package (samples/wheels).</summary>
    public static string WheelSources(string samplesDirectory) => Path.Combine(samplesDirectory, "wheels");
}
