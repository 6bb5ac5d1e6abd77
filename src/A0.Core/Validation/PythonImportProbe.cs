using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Processes;

namespace A0.Validation;

/// <summary>
/// Imports modules in the scratch release's Python, each on its own, and reports per module whether it imported and why not.
/// A module that hangs is stopped with its process group at the timeout.
/// </summary>
public static class PythonImportProbe
{
    private const string Marker = "A0-IMPORT-PROBE ";

    private const string Script = """
        import importlib, json, sys, time, traceback
        results = {}
        for name in sys.argv[1:]:
            started = time.perf_counter()
            try:
                importlib.import_module(name)
                error = None
            except BaseException as e:
                error = "".join(traceback.format_exception_only(type(e), e)).strip()
            results[name] = {"imported": error is None, "ms": round((time.perf_counter() - started) * 1000), "error": error}
        sys.stdout.flush()
        print("A0-IMPORT-PROBE " + json.dumps(results), flush=True)
        """;

    /// <summary>Imports through <paramref name="python"/> (its interpreter, working directory and environment); each module reported.</summary>
    public static async Task<CheckResult> RunAsync(ProcessRunner processes, ProcessSpec python, IReadOnlyList<string> modules, TimeSpan timeout, string logPath, CancellationToken cancellationToken)
    {
        if (modules.Count == 0) return CheckResult.Fail(0, "no modules to import are configured", []);
        var spec = python with { Arguments = ["-c", Script, .. modules], LogPath = null, Timeout = timeout };
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (A0Exception e) when (e.ExitCode == ExitCode.Unavailable)
        {
            return CheckResult.Fail(0, e.Message, new JsonObject { ["modules"] = Json(modules) });
        }
        await File.AppendAllTextAsync(logPath, result.StandardOutput + result.StandardError, cancellationToken).ConfigureAwait(false);

        var line = result.StandardOutput.Split('\n').LastOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (line is null)
        {
            return CheckResult.Fail(0, $"python exited with {result.ExitCode} before reporting: {Tail(result.StandardError)}", new JsonObject { ["modules"] = Json(modules) });
        }
        var reported = JsonNode.Parse(line[Marker.Length..])!.AsObject();
        var failed = reported.Where(m => m.Value?["imported"]?.GetValue<bool>() != true).Select(m => $"{m.Key}: {m.Value?["error"]}").ToList();
        var details = new JsonObject { ["modules"] = reported.DeepClone() };
        return failed.Count == 0 ? CheckResult.Pass(0, details) : CheckResult.Fail(0, string.Join("; ", failed), details);
    }

    /// <summary>The same, from a check's scratch release.</summary>
    public static Task<CheckResult> RunAsync(CheckContext check, IReadOnlyList<string> modules, CancellationToken cancellationToken) =>
        RunAsync(check.A0.Processes, check.Python([]), modules, TimeSpan.FromSeconds(check.Config.ImportTimeoutSeconds), check.LogPath, cancellationToken);

    private static JsonArray Json(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v!)]);

    private static string Tail(string text) => string.Join(" | ", text.Split('\n').Where(l => l.Trim().Length > 0).TakeLast(3).Select(l => l.Trim()));
}
