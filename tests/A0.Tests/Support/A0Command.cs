using System.Diagnostics;
using A0.Cli;

namespace A0.Tests.Support;

/// <summary>
/// Runs one a0 command as a user would in a shell: a working directory, variables, arguments. By default it runs the
/// tool that ./a0 builds and ships (native AOT where the machine can) as a real process, so the whole suite tests the
/// binary users get (issue 14); A0_TESTS_IN_PROCESS=1 runs commands inside the test process instead (quicker to debug).
/// A command that names a crash point runs the build with test hooks, and one that needs an effective uid other than
/// root's always runs in-process, since only there can a test pretend to be another user without being one.
/// </summary>
public static class A0Command
{
    /// <summary>
    /// A uid other than root, for tests of the default home: with it a0 never looks at /var/lib/a0, only at the
    /// XDG_DATA_HOME the test sets (or, without one, at a passwd entry that does not exist).
    /// </summary>
    public const int NotRoot = 4242;

    private static readonly bool InProcessByChoice = Environment.GetEnvironmentVariable("A0_TESTS_IN_PROCESS") == "1";

    /// <param name="workingDirectory">Where the command runs; relative paths are resolved from here.</param>
    /// <param name="variables">The whole environment the command sees.</param>
    /// <param name="effectiveUserId">Null for this process's own (root in CI: pass --home then).</param>
    /// <param name="args">The command line.</param>
    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> variables, int? effectiveUserId, params string[] args)
    {
        return InProcessByChoice || effectiveUserId is not null
            ? RunInProcess(workingDirectory, variables, effectiveUserId, args)
            : RunProcess(Start(workingDirectory, variables, null, null, args));
    }

    /// <summary>
    /// Starts a0 as a real process with exactly these variables and no stdin (as in CI): the shipped tool, or where the
    /// variables name a crash point (A0_FAULT_INJECT), the build with test hooks, the only one that has them; a test may
    /// also name the executable, and run it as another OS user.
    /// </summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string?> variables, A0Executable? executable, string? asUser, string[] args)
    {
        var hooked = variables.GetValueOrDefault(A0.Operations.FaultInjection.Variable) is not null;
        var tool = (executable ?? (hooked ? A0Executable.WithTestHooks : A0Executable.Shipped)).StartInfo();
        var info = tool;
        if (asUser is not null)
        {
            info = new ProcessStartInfo("runuser");
            foreach (var argument in (string[])["-u", asUser, "--", tool.FileName, .. tool.ArgumentList]) info.ArgumentList.Add(argument);
        }
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = workingDirectory;
        foreach (var argument in args) info.ArgumentList.Add(argument);
        info.Environment.Clear();
        foreach (var (name, value) in variables)
        {
            if (value is not null) info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Waits for a started a0 and returns what it said.</summary>
    public static CliResult RunProcess(Process started)
    {
        using var process = started;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>This process's variables without A0_*, with the given ones set on top.</summary>
    public static Dictionary<string, string?> Variables(params (string Name, string? Value)[] set)
    {
        var variables = TestHome.ProcessVariablesWithoutA0();
        foreach (var (name, value) in set) variables[name] = value;
        return variables;
    }

    private static CliResult RunInProcess(string workingDirectory, IReadOnlyDictionary<string, string?> variables, int? effectiveUserId, string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(variables, stdout, stderr, workingDirectory);
        if (effectiveUserId is { } uid) environment = environment with { EffectiveUserId = uid };
        var exit = CliApp.RunAsync(args, environment).GetAwaiter().GetResult();
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }
}
