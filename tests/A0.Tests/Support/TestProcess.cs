using A0.Processes;

namespace A0.Tests.Support;

/// <summary>Runs a real child process from a test, through the product's <see cref="ProcessRunner"/>.</summary>
public static class TestProcess
{
    private static readonly ProcessRunner Runner = new();

    public static Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default) =>
        Runner.RunAsync(
            new ProcessSpec(fileName, arguments)
            {
                WorkingDirectory = workingDirectory,
                Environment = environment ?? new Dictionary<string, string?>(),
                Timeout = TimeSpan.FromMinutes(2),
            },
            cancellationToken);

    /// <summary>Runs the process and returns its stdout; a non-zero exit fails the test with the process's output.</summary>
    public static async Task<string> OutputAsync(
        string fileName, IReadOnlyList<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, workingDirectory, environment, cancellationToken);
        result.ExitCode.ShouldBe(0, $"{fileName} {string.Join(' ', arguments)}\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }
}
