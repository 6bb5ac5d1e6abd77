using System.Text.Json.Nodes;

namespace A0.Tests.Support;

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonObject Json => JsonNode.Parse(Out)!.AsObject();

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}
