using A0.Demo;
using A0.Processes;

namespace A0.Tests.Support;

/// <summary>A real venv made by <c>python3 -m venv</c>, whose pip installs only from local wheels.</summary>
public sealed class PythonVenv
{
    private PythonVenv(string directory) => Directory = directory;

    public string Directory { get; }

    public string Python => Bin("python");

    public static async Task<PythonVenv> CreateAsync(string directory)
    {
        await TestProcess.OutputAsync("python3", ["-m", "venv", directory]);
        return new PythonVenv(directory);
    }

    public string Bin(string name) => Path.Combine(Directory, "bin", name);

    public Task<ProcessResult> PipInstallAsync(string wheelsDirectory, params string[] arguments) =>
        TestProcess.RunAsync(Python, ["-m", "pip", "install", .. arguments], environment: DemoEnvironment.Pip(wheelsDirectory));
}
