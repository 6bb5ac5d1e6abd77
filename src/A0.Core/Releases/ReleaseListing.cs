namespace A0.Releases;

/// <summary>What a source listed, newest first, with the names it skipped as unsafe.</summary>
public sealed record ReleaseListing(IReadOnlyList<ReleaseInfo> Releases, IReadOnlyList<string> Warnings);
