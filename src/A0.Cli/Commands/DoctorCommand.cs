using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Inspection;
using A0.Operations;

namespace A0.Cli.Commands;

public static class DoctorCommand
{
    public static Command Create(Invocation invocation)
    {
        var command = new Command("doctor", "Check the whole home; exit 0 when healthy (warnings allowed), 6 for integrity, 1 otherwise");
        invocation.Bind(command, scope =>
        {
            Authorize(scope.Context);
            var findings = new Doctor(scope.Context).Examine();
            var exit = findings.Any(f => f.Severity == Severity.Integrity) ? ExitCode.Integrity
                : findings.Any(f => f.Severity == Severity.Problem) ? ExitCode.OperationFailed
                : ExitCode.Success;
            var lines = findings.SelectMany(f => f.Fix is null
                ? [$"[{f.Severity.ToString().ToLowerInvariant(),-9}] {f.Check}: {f.Message}"]
                : new[] { $"[{f.Severity.ToString().ToLowerInvariant(),-9}] {f.Check}: {f.Message}", $"            fix: {f.Fix}" });
            return new CommandOutput(new JsonObject
            {
                ["healthy"] = exit == ExitCode.Success,
                ["findings"] = new JsonArray([.. findings.Select(f => (JsonNode)new JsonObject
                {
                    ["severity"] = f.Severity.ToString().ToLowerInvariant(),
                    ["check"] = f.Check,
                    ["message"] = f.Message,
                    ["fix"] = f.Fix,
                })]),
            }, [.. lines]) { ExitCode = exit };
        });
        return command;
    }

    /// <summary>
    /// The usual observer check, except that doctor must be able to report a policy file it cannot read: then the OS user may run
    /// it (an A0_ACTOR names nobody without a policy). A home without .billy/ or without access is refused as usual.
    /// </summary>
    private static void Authorize(A0Context context)
    {
        AuthorityPolicy? policy;
        try
        {
            policy = context.Metadata.Authority.Read();
        }
        catch (A0Exception e) when (e.Code == "invalid_metadata" || (e.Code == "not_initialized" && context.Metadata.State.Exists))
        {
            policy = null;
        }
        var actor = policy is null
            ? IdentityResolver.ResolveWithoutPolicy(context.OsUser, IdentityResolver.ActorFrom(context.Environment))
            : CommandSession.ResolveActor(context, policy);
        AuthorityGuard.Require(actor, AuthorityLevel.Observer, "doctor");
    }
}
