namespace A0.Releases;

/// <summary>A tag resolved to the commit it peels to, and its tag object when annotated.</summary>
public sealed record ResolvedTag(string Tag, string CommitSha, string? TagObjectSha);
