using System.Collections;

namespace A0.Cli;

/// <summary>What one invocation sees of the outside: variables, streams, working directory. Tests pass their own.</summary>
public sealed record CliEnvironment(IReadOnlyDictionary<string, string?> Variables, TextWriter Out, TextWriter Error, string WorkingDirectory)
{
    public bool ErrorIsTerminal { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Chooses the default home (root's differs from a user's).</summary>
    public int EffectiveUserId { get; init; } = Processes.UnixUser.EffectiveId;

    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }
        return new CliEnvironment(variables, Console.Out, Console.Error, Directory.GetCurrentDirectory())
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
    }
}
