namespace A0.Init;

/// <summary>What init found at the app path: the release tag at HEAD, its commit, and local changes to warn about.</summary>
public sealed record AdoptedCheckout(string Version, string CommitSha, IReadOnlyList<string> LocalChanges);
