using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Cli.Output;
using A0.Inspection;
using A0.Operations;

namespace A0.Cli.Commands;

public static class EnvCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("env", "A read-only view of the live release (app/…) and of .billy/");

        var lsPath = new Argument<string?>("path") { Description = "app/… or .billy/…", Arity = ArgumentArity.ZeroOrOne };
        var ls = new Command("ls", "List a directory") { lsPath };
        invocation.Bind(ls, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "env ls");
            var entries = new EnvBrowser(scope.Context).List(scope.Value(lsPath));
            return new CommandOutput(new JsonObject { ["entries"] = Json.Array(entries) }, entries);
        });

        var catPath = new Argument<string>("path") { Description = "app/… or .billy/…" };
        var cat = new Command("cat", "Show a text file (64 KiB at most)") { catPath };
        invocation.Bind(cat, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "env cat");
            var file = new EnvBrowser(scope.Context).Read(scope.Value(catPath)!);
            if (file.Truncated) scope.Renderer.Warning($"{file.Path} is longer than 64 KiB; showing the first 64 KiB");
            return new CommandOutput(new JsonObject { ["path"] = file.Path, ["content"] = file.Content, ["truncated"] = file.Truncated }, [file.Content]) { IsDocument = true };
        });

        var pattern = new Argument<string>("pattern") { Description = "A name pattern with * and ?" };
        var find = new Command("find", "Find names matching a pattern (depth ≤ 3)") { pattern };
        invocation.Bind(find, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "env find");
            var found = new EnvBrowser(scope.Context).Find(scope.Value(pattern)!);
            return new CommandOutput(new JsonObject { ["matches"] = Json.Array(found) }, found);
        });

        command.Subcommands.Add(ls);
        command.Subcommands.Add(cat);
        command.Subcommands.Add(find);
        return command;
    }
}
