using System.Text.Json.Nodes;

namespace A0;

/// <summary>A user-facing failure: one exit code, a stable snake_case code and a message. Rendered in exactly one place.</summary>
public class A0Exception(ExitCode exitCode, string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ExitCode ExitCode { get; } = exitCode;
    public string Code { get; } = code;

    /// <summary>Extra fields for the JSON error document (e.g. authority_required, retry_at, bad_line as a number).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Details { get; init; } = new Dictionary<string, JsonNode?>();

    public static A0Exception Usage(string message) => new(ExitCode.Usage, "usage", message);
    public static A0Exception AccessDenied(string message) => new(ExitCode.AuthorityDenied, "access_denied", message);
    public static A0Exception Precondition(string message, string code = "invalid_state") => new(ExitCode.Precondition, code, message);
    public static A0Exception Integrity(string message) => new(ExitCode.Integrity, "integrity_violation", message);
    public static A0Exception Unavailable(string message) => new(ExitCode.Unavailable, "source_unavailable", message);
    public static A0Exception Failed(string message, string code = "operation_failed") => new(ExitCode.OperationFailed, code, message);
}
