using System.Text.Json.Nodes;

namespace A0.Cli.Output;

/// <summary>What a command produced: the JSON fields for --json and the text for people.</summary>
public sealed record CommandOutput(JsonObject Data, string Text)
{
    public ExitCode ExitCode { get; init; } = ExitCode.Success;

    public static CommandOutput Of(string text, JsonObject? data = null) => new(data ?? [], text);
}
