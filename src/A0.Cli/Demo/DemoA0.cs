namespace A0.Cli.Demo;

/// <summary>Runs a0 inside the demo as a user would type it, echoing the command line and its output.</summary>
public sealed class DemoA0(IReadOnlyDictionary<string, string?> environment, string home, TextWriter say)
{
    public async Task RunAsync(string[] args, string? actor = null, int expectedExit = 0)
    {
        var variables = new Dictionary<string, string?>(environment) { ["A0_HOME"] = home };
        if (actor is not null) variables["A0_ACTOR"] = actor;
        say.WriteLine();
        say.WriteLine($"$ {(actor is null ? "" : $"A0_ACTOR={actor} ")}a0 {string.Join(' ', args)}");
        using var output = new StringWriter();
        var exit = await CliApp.RunAsync(args, new CliEnvironment(variables, output, output, home)).ConfigureAwait(false);
        foreach (var line in output.ToString().TrimEnd().Split('\n')) say.WriteLine($"  {line}");
        if (exit != expectedExit)
        {
            throw A0Exception.Failed($"the demo expected `a0 {string.Join(' ', args)}` to exit {expectedExit}, it exited {exit}", "demo_step_failed");
        }
        if (expectedExit != 0) say.WriteLine($"  (exit {exit}, as it should be)");
    }
}
