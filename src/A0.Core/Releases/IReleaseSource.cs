namespace A0.Releases;

/// <summary>Where releases come from: the GitHub REST API, or plain git.</summary>
public interface IReleaseSource
{
    string Name { get; }

    Task<ReleaseListing> ListAsync(bool forceCheck, CancellationToken cancellationToken);

    /// <summary>The tag's peeled commit, or null when the source does not have the tag.</summary>
    Task<ResolvedTag?> ResolveAsync(string tag, CancellationToken cancellationToken);
}
