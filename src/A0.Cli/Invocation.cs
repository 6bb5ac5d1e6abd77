using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Cli.Output;
using A0.Home;
using A0.Operations;

namespace A0.Cli;

/// <summary>Runs one command body: finds the home, builds the context, renders the result, and audits every refusal (exits 3–7).</summary>
public sealed class Invocation(CliEnvironment environment, GlobalOptions globals)
{
    public CliEnvironment Environment => environment;

    public Renderer RendererFor(ParseResult parse) => new(environment, parse.GetValue(globals.Json), parse.GetValue(globals.Quiet));

    public void Bind(Command command, Func<CommandScope, Task<CommandOutput>> body, bool homeMayBeNew = false) =>
        command.SetAction((parse, cancellation) => RunAsync(parse, command.Name, body, homeMayBeNew, cancellation));

    public void Bind(Command command, Func<CommandScope, CommandOutput> body, bool homeMayBeNew = false) =>
        Bind(command, scope => Task.FromResult(body(scope)), homeMayBeNew);

    private async Task<int> RunAsync(ParseResult parse, string command, Func<CommandScope, Task<CommandOutput>> body, bool homeMayBeNew, CancellationToken cancellation)
    {
        var renderer = RendererFor(parse);
        A0Context? context = null;
        try
        {
            var home = HomeLocator.Find(parse.GetValue(globals.Home), environment.Variables, environment.WorkingDirectory, environment.EffectiveUserId);
            if (!homeMayBeNew && !home.HasMetadata)
            {
                throw A0Exception.Precondition(File.Exists(home.Layout.Root)
                    ? $"{home.Layout.Root} is a file, not a directory, so there is no a0 home there ({home.ChosenBy}): pass --home DIR or set A0_HOME to the home you mean"
                    : $"no a0 home at {home.Layout.Root} ({home.ChosenBy}): run `a0 init` there, or pass --home DIR or set A0_HOME to the home you mean", "not_initialized");
            }
            var (variables, osUser) = SudoInvocation.Apply(environment.Variables, environment.EffectiveUserId, home.Layout);
            context = new A0Context(home.Layout, variables, environment.Clock, osUser: osUser);
            return renderer.Success(await body(new CommandScope(context, renderer, parse, cancellation)).ConfigureAwait(false));
        }
        catch (A0Exception failure)
        {
            return Refuse(renderer, context, command, failure);
        }
        catch (UnauthorizedAccessException denied)
        {
            return Refuse(renderer, context, command, A0Exception.AccessDenied($"user '{context?.OsUser ?? System.Environment.UserName}' lacks the access `a0 {command}` needs: {denied.Message}"));
        }
        catch (OperationCanceledException)
        {
            return renderer.Failure(A0Exception.Failed($"`a0 {command}` was interrupted", "interrupted"));
        }
        catch (IOException unexpected)
        {
            return renderer.Failure(A0Exception.Failed($"`a0 {command}` failed: {unexpected.Message}", "io_error"));
        }
        catch (Exception bug)
        {
            foreach (var line in bug.ToString().Split('\n')) environment.Error.WriteLine(TerminalText.Escape(line));
            return renderer.Failure(A0Exception.Failed($"`a0 {command}` hit an internal error: {bug.GetType().Name}: {bug.Message}", "internal_error"));
        }
    }

    private static int Refuse(Renderer renderer, A0Context? context, string command, A0Exception failure)
    {
        AuditRefusal(renderer, context, command, failure);
        return renderer.Failure(failure);
    }

    private static void AuditRefusal(Renderer renderer, A0Context? context, string command, A0Exception failure)
    {
        // A file written by a newer a0 is refused with nothing written (CONTRACT §2), the audit log included.
        if (context is null || failure.ExitCode is < ExitCode.AuthorityDenied or > ExitCode.Unavailable || failure.Code == "newer_schema" || !Directory.Exists(context.Home.Billy)) return;
        // A home past its eject's last event records nothing more, and a user refused for not owning the home would leave a file of theirs in it.
        if (failure.Code is Eject.EjectOperation.InterruptedCode or HomeOwner.NotOwnerCode) return;
        if (!context.Metadata.Authority.Exists) return;
        Actor actor;
        try
        {
            actor = CommandSession.ResolveActor(context, context.Metadata.Authority.Read());
        }
        catch (A0Exception)
        {
            actor = IdentityResolver.ResolveWithoutPolicy(context.OsUser, IdentityResolver.ActorFrom(context.Environment));
        }
        var details = new JsonObject
        {
            ["command"] = command,
            ["code"] = failure.Code,
            ["exit_code"] = (int)failure.ExitCode,
            ["message"] = failure.Message,
        };
        foreach (var (key, value) in failure.Details) details[key] = value?.DeepClone();
        try
        {
            context.Audit.AppendRefusal(actor, new AuditEvent(failure.ExitCode == ExitCode.AuthorityDenied ? "authority_denied" : "command_refused", null, details));
        }
        catch (Exception e) when (e is A0Exception or IOException or UnauthorizedAccessException)
        {
            renderer.Warning($"could not audit the refusal: {e.Message}");
        }
    }

    private string? Variable(string name) => environment.Variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
