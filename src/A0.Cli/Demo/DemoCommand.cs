using System.CommandLine;
using System.Globalization;
using A0.Cli.Output;

namespace A0.Cli.Demo;

public static class DemoCommand
{
    public static Command Create(Invocation invocation)
    {
        var directory = new Option<string?>("--dir") { Description = "Where to build the sample upstream and home (default: a new directory under $TMPDIR)" };
        var command = new Command("demo", "Run the whole lifecycle offline against a generated sample release source, narrating each step") { directory };
        command.SetAction(async (parse, cancellation) =>
        {
            var environment = invocation.Environment;
            var renderer = invocation.RendererFor(parse);
            var root = parse.GetValue(directory) is { } chosen
                ? Path.GetFullPath(chosen, environment.WorkingDirectory)
                : Path.Combine(environment.Variables.GetValueOrDefault("TMPDIR") ?? Path.GetTempPath(),
                    "a0-demo-" + environment.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            try
            {
                return await new DemoScript(environment, root).RunAsync(cancellation).ConfigureAwait(false);
            }
            catch (A0Exception failure)
            {
                return renderer.Failure(failure);
            }
        });
        return command;
    }
}
