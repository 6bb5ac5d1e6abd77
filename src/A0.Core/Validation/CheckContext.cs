using A0.Artifacts;
using A0.Config;
using A0.Processes;

namespace A0.Validation;

/// <summary>What every check may look at: the artifact, the scratch release made from it, the config, and where its children go.</summary>
public sealed record CheckContext(A0Context A0, ValidationConfig Config, Artifact Artifact, ScratchRelease Scratch, string LogPath, Action<JournaledProcess> OnChildStarted)
{
    /// <summary>A child run from the scratch release, journaled, its output appended to the log.</summary>
    public ProcessSpec Python(IReadOnlyList<string> arguments) => Scratch.Run(arguments, OnChildStarted) with { LogPath = LogPath };
}
