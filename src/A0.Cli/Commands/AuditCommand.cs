using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Cli.Output;
using A0.Integrity;
using A0.Operations;

namespace A0.Cli.Commands;

/// <summary>`audit [--tail N]` and `audit verify` (CONTRACT §8): a bad line is shown as such and named, never a stack trace.</summary>
public static class AuditCommand
{
    private const int ShownBadText = 200;
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(Invocation invocation)
    {
        var tail = new Option<int?>("--tail") { Description = "Only the last N entries" };
        var command = new Command("audit", "The tamper-evident upgrade history") { tail };
        invocation.Bind(command, scope =>
        {
            if (scope.Value(tail) is < 0) throw A0Exception.Usage("--tail must not be negative");
            using var session = CommandSession.ReadOnly(scope.Context, "audit");
            var audit = scope.Context.Audit.Read();
            var verification = audit.Verification;
            IntegrityPolicy.Enforce(scope.Context, verification);
            var count = scope.Value(tail) is { } n ? Math.Min(n, audit.Lines.Count) : audit.Lines.Count;
            var shown = audit.Lines.Skip(audit.Lines.Count - count).ToList();
            var data = new JsonObject { ["entries"] = new JsonArray([.. shown.Select(Json)]), ["intact"] = verification.IsIntact, ["damage"] = Damage(verification) };
            if (verification.IsIntact) return new CommandOutput(data, [.. shown.Select(Text)]);
            data["code"] = "integrity_violation";
            data["message"] = verification.Summary;
            data["bad_line"] = verification.BadLine;
            return new CommandOutput(data, [.. shown.Select(Text)]) { ExitCode = ExitCode.Integrity, Problem = verification.Summary };
        });

        var verify = new Command("verify", "Recompute the hash chain and name the first bad line (exit 6)");
        invocation.Bind(verify, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "audit verify");
            var result = scope.Context.Audit.Verify();
            IntegrityPolicy.Enforce(scope.Context, result);
            if (!result.IsIntact)
            {
                throw new A0Exception(ExitCode.Integrity, "integrity_violation", result.Summary!)
                {
                    Details = new Dictionary<string, JsonNode?> { ["bad_line"] = result.BadLine, ["damage"] = Damage(result) },
                };
            }
            var damage = result.Damage.Select(d => $"acknowledged damage at line {d.Line} (seq {d.Seq}): {d.Found}");
            return new CommandOutput(new JsonObject { ["entries"] = result.Entries, ["intact"] = true, ["damage"] = Damage(result) },
                [$"Audit chain intact: {result.Entries} entries.", .. damage]);
        });
        command.Subcommands.Add(verify);
        return command;
    }

    private static JsonArray Damage(AuditVerification verification) =>
        new([.. verification.Damage.Select(d => (JsonNode)new JsonObject { ["line"] = d.Line, ["seq"] = d.Seq, ["found"] = d.Found, ["acknowledged"] = d.Acknowledged })]);

    private static JsonNode Json(AuditLine line) => line.Problem is null
        ? line.Entry!.DeepClone()
        : new JsonObject { ["line"] = line.Number, ["problem"] = line.Problem, ["text"] = line.Text };

    private static string Text(AuditLine line)
    {
        if (line.Problem is not null)
        {
            var text = line.Text.Length > ShownBadText ? line.Text[..ShownBadText] + "…" : line.Text;
            return $"line {line.Number}: bad line ({line.Problem}): {text}";
        }
        var e = line.Entry!;
        return $"{e["seq"],5} {e["timestamp"]} {e["event_type"],-28} {e["actor"]}{(e["version"] is { } v ? " " + v : "")} {e["details"]?.ToJsonString(Readable)}";
    }
}
