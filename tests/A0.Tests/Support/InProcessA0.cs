using A0.Cli;

namespace A0.Tests.Support;

/// <summary>Runs a0 in this process as a user would in a shell: a working directory, variables, and the effective uid that picks the default home.</summary>
public static class InProcessA0
{
    /// <summary>
    /// A uid other than root, for tests of the default home: with it a0 never looks at /var/lib/a0, only at the
    /// XDG_DATA_HOME the test sets (or, without one, at a passwd entry that does not exist).
    /// </summary>
    public const int NotRoot = 4242;

    /// <param name="workingDirectory">Where the command runs; relative paths are resolved from here.</param>
    /// <param name="variables">The whole environment the command sees.</param>
    /// <param name="effectiveUserId">Null for this process's own (root in CI: pass --home then).</param>
    /// <param name="args">The command line.</param>
    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> variables, int? effectiveUserId, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(variables, stdout, stderr, workingDirectory);
        if (effectiveUserId is { } uid) environment = environment with { EffectiveUserId = uid };
        var exit = CliApp.RunAsync(args, environment).GetAwaiter().GetResult();
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>This process's variables without A0_*, with the given ones set on top.</summary>
    public static Dictionary<string, string?> Variables(params (string Name, string? Value)[] set)
    {
        var variables = TestHome.ProcessVariablesWithoutA0();
        foreach (var (name, value) in set) variables[name] = value;
        return variables;
    }
}
