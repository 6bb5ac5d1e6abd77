using System.Text.Json.Nodes;

namespace A0.Cli.Output;

/// <summary>
/// What a command produced: the JSON fields for --json and the lines for people. Each line is escaped whole when rendered, so
/// a newline inside a value can never start a line of its own.
/// </summary>
public sealed record CommandOutput(JsonObject Data, IReadOnlyList<string> Lines)
{
    public ExitCode ExitCode { get; init; } = ExitCode.Success;

    /// <summary>A file's text (env cat): rendered with its own newlines and tabs, every other control character escaped.</summary>
    public bool IsDocument { get; init; }

    /// <summary>Why a command that still shows its output exits non-zero; text mode prints it on stderr like a failure.</summary>
    public string? Problem { get; init; }

    public static CommandOutput Of(string line, JsonObject? data = null) => new(data ?? [], [line]);
}
