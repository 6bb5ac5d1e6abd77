using System.CommandLine;
using A0.Cli.Commands;

namespace A0.Cli;

/// <summary>Builds the command tree and runs one invocation. Parse errors are usage errors: exit 2, nothing written.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("a0 keeps a self-hosted Agent Zero install up to date without breaking it.");
        globals.AddTo(root);
        var invocation = new Invocation(environment, globals);
        foreach (var command in CommandCatalog.Create(invocation))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return invocation.RendererFor(parse).Failure(A0Exception.Usage(UsageMessage.From(parse)));
        }
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            // SIGINT/SIGTERM cancel the command; it then cleans up (kills its children, removes its build) before exiting.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
        }).ConfigureAwait(false);
    }
}
