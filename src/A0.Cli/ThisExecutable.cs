namespace A0.Cli;

/// <summary>
/// The command that runs this very a0, with symlinks resolved: its own binary (native, or the apphost of the global tool), or
/// dotnet and the a0.dll it runs (as ./a0 starts it). Never a launcher script: the kernel runs a script's interpreter, not the script.
/// </summary>
public static class ThisExecutable
{
    public static IReadOnlyList<string> Current()
    {
        var process = Environment.ProcessPath ?? throw A0Exception.Precondition("this process does not know its own executable");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [Real(process), Real(Path.Combine(AppContext.BaseDirectory, "a0.dll"))]
            : [Real(process)];
    }

    private static string Real(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
}
