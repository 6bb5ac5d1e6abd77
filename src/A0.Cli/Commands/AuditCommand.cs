using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Cli.Output;
using A0.Operations;

namespace A0.Cli.Commands;

public static class AuditCommand
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(Invocation invocation)
    {
        var tail = new Option<int?>("--tail") { Description = "Only the last N entries" };
        var command = new Command("audit", "The tamper-evident upgrade history") { tail };
        invocation.Bind(command, scope =>
        {
            if (scope.Value(tail) is < 0) throw A0Exception.Usage("--tail must not be negative");
            using var session = CommandSession.ReadOnly(scope.Context, "audit");
            var entries = scope.Context.Audit.Read();
            var count = scope.Value(tail) is { } n ? Math.Min(n, entries.Count) : entries.Count;
            var shown = entries.Skip(entries.Count - count).ToList();
            var lines = shown.Select(e =>
                $"{e["seq"],5} {e["timestamp"]} {e["event_type"],-28} {e["actor"]}{(e["version"] is { } v ? " " + v : "")} {e["details"]?.ToJsonString(Readable)}");
            return new CommandOutput(new JsonObject { ["entries"] = new JsonArray([.. shown.Select(e => (JsonNode)e.DeepClone())]) }, string.Join('\n', lines));
        });

        var verify = new Command("verify", "Recompute the hash chain and name the first bad line (exit 6)");
        invocation.Bind(verify, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "audit verify");
            var result = scope.Context.Audit.Verify();
            if (!result.IsIntact)
            {
                new Authority.AuthorityService(scope.Context).RevokeExecutors("audit_tampered", result.Problem!);
                throw new A0Exception(ExitCode.Integrity, "integrity_violation", $"audit chain broken at line {result.BadLine}: {result.Problem}")
                {
                    Details = new Dictionary<string, string> { ["bad_line"] = result.BadLine?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" },
                };
            }
            return CommandOutput.Of($"Audit chain intact: {result.Entries} entries.", new JsonObject { ["entries"] = result.Entries, ["intact"] = true });
        });
        command.Subcommands.Add(verify);
        return command;
    }
}
