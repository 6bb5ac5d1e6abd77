using System.CommandLine;

namespace A0.Cli;

/// <summary>--home, --json and --quiet, valid on every command.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Home { get; } = new("--home") { Description = "The managed install (default: $A0_HOME, else the nearest ancestor holding .billy/)", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document on stdout", Recursive = true };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print only errors", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Home);
        root.Options.Add(Json);
        root.Options.Add(Quiet);
    }
}
