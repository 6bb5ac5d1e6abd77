namespace A0.Processes;

/// <summary>One child process: an argument list (never a shell string), where it runs and what it sees.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public TimeSpan? Timeout { get; init; }

    /// <summary>Written to the child's stdin, which is then closed.</summary>
    public string? StandardInput { get; init; }

    /// <summary>When set, stdout and stderr are appended to this file instead of being captured.</summary>
    public string? LogPath { get; init; }

    /// <summary>Told the child's process group (leader pid and start time) as soon as it starts, so it can be journaled.</summary>
    public Action<JournaledProcess>? OnStarted { get; init; }

    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName));
}
