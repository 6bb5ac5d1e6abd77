using System.CommandLine;
using System.Text.Json.Nodes;
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
            using var session = CommandSession.ReadOnly(scope.Context, "doctor");
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
}
