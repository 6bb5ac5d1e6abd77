using System.Diagnostics;

namespace A0.Tests.Support;

/// <summary>
/// The a0 executables that tests start as real processes (CONTRACT §10): <see cref="Shipped"/>, the tool that ./a0 builds
/// (native AOT where the machine can, else ReadyToRun), and <see cref="WithTestHooks"/>, the build with crash points that
/// only the crash tests run. Each is made at most once per test run, by the script ./a0 uses (eng/build-tool.sh), which
/// builds again only when the sources' contents changed and makes concurrent callers wait for one build.
/// </summary>
public sealed class A0Executable
{
    private static readonly Lazy<A0Executable> ShippedTool = new(() => Ensure("a0", ["a0", "--version"]));
    private static readonly Lazy<A0Executable> HooksBuild = new(() => Ensure("hooks", ["eng/build-tool.sh", "ensure", "hooks"]));

    private readonly string fileName;
    private readonly string[] leadingArguments;

    private A0Executable(string fileName, params string[] leadingArguments)
    {
        this.fileName = fileName;
        this.leadingArguments = leadingArguments;
    }

    public static A0Executable Shipped => ShippedTool.Value;

    public static A0Executable WithTestHooks => HooksBuild.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A native AOT binary, not a .NET assembly run by `dotnet`.</summary>
    public bool IsNative => fileName != "dotnet";

    /// <summary>A start info that runs this executable; the caller adds a0's arguments.</summary>
    public ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(fileName);
        foreach (var argument in leadingArguments) info.ArgumentList.Add(argument);
        return info;
    }

    private static A0Executable Ensure(string target, string[] command)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
        var directory = Path.Combine(RepositoryRoot, ".build", target);
        var dll = Path.Combine(directory, "a0.dll");
        return File.Exists(dll) ? new A0Executable("dotnet", dll) : new A0Executable(Path.Combine(directory, "a0"));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "a0.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no a0.slnx above {AppContext.BaseDirectory}: the tests run from the repository's build output");
    }
}
