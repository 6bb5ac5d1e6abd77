using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Storage;

namespace A0.Cli.Output;

/// <summary>The one place results and failures become text or JSON (CONTRACT §4).</summary>
public sealed class Renderer(CliEnvironment environment, bool json, bool quiet)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool Json => json;
    public bool Quiet => quiet;

    /// <summary>Progress is drawn live only for a person at a terminal; otherwise it is plain lines (or nothing with --quiet).</summary>
    public bool LiveProgress => environment.ErrorIsTerminal && !quiet;

    public TextWriter ErrorWriter => environment.Error;

    public int Success(CommandOutput output)
    {
        if (json)
        {
            var document = Envelope(output.ExitCode == ExitCode.Success ? "success" : Status(output.ExitCode));
            foreach (var (key, value) in output.Data) document[key] = value?.DeepClone();
            Write(document);
        }
        else if (!quiet || output.ExitCode != ExitCode.Success)
        {
            var text = output.IsDocument
                ? TerminalText.EscapeKeepingLayout(string.Concat(output.Lines))
                : string.Join('\n', output.Lines.Select(TerminalText.Escape));
            if (text.Length > 0) environment.Out.WriteLine(text.TrimEnd('\n'));
            if (output.Problem is not null) environment.Error.WriteLine($"a0: {TerminalText.Escape(output.Problem)}");
        }
        return (int)output.ExitCode;
    }

    public int Failure(A0Exception failure)
    {
        if (json)
        {
            var document = Envelope(Status(failure.ExitCode));
            document["code"] = failure.Code;
            document["message"] = failure.Message;
            foreach (var (key, value) in failure.Details) document[key] = value?.DeepClone();
            Write(document);
        }
        else
        {
            environment.Error.WriteLine($"a0: {TerminalText.Escape(failure.Message)}");
        }
        return (int)failure.ExitCode;
    }

    public void Warning(string message)
    {
        if (!quiet) environment.Error.WriteLine($"a0: warning: {TerminalText.Escape(message)}");
    }

    /// <summary>A warning followed by the items it concerns, one per line.</summary>
    public void Warning(string message, IEnumerable<string> items)
    {
        Warning(message);
        foreach (var item in items) Progress($"  {item}");
    }

    public void Progress(string line)
    {
        if (!quiet) environment.Error.WriteLine(TerminalText.Escape(line));
    }

    private void Write(JsonObject document)
    {
        UtcTimestamp.Normalize(document);
        environment.Out.WriteLine(document.ToJsonString(JsonOptions));
    }

    private static string Status(ExitCode code) => code == ExitCode.OperationFailed ? "failed" : "error";

    private static JsonObject Envelope(string status) => new() { ["schema_version"] = 1, ["status"] = status };
}
