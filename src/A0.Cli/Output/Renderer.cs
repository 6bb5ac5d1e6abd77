using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

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
            environment.Out.WriteLine(document.ToJsonString(JsonOptions));
        }
        else if (!quiet || output.ExitCode != ExitCode.Success)
        {
            if (output.Text.Length > 0) environment.Out.WriteLine(output.Text.TrimEnd('\n'));
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
            foreach (var (key, value) in failure.Details) document[key] = value;
            environment.Out.WriteLine(document.ToJsonString(JsonOptions));
        }
        else
        {
            environment.Error.WriteLine($"a0: {failure.Message}");
        }
        return (int)failure.ExitCode;
    }

    public void Warning(string message)
    {
        if (!quiet) environment.Error.WriteLine($"a0: warning: {message}");
    }

    public void Progress(string line)
    {
        if (!quiet) environment.Error.WriteLine(line);
    }

    private static string Status(ExitCode code) => code == ExitCode.OperationFailed ? "failed" : "error";

    private static JsonObject Envelope(string status) => new() { ["schema_version"] = 1, ["status"] = status };
}
