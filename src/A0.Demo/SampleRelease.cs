namespace A0.Demo;

/// <summary>A release as it stands in the sample upstream: its metadata, the commit its tag peels to and, when annotated, the tag object.</summary>
public sealed record SampleRelease(ReleaseMetadata Metadata, string CommitSha, string? TagObjectSha)
{
    public string Tag => Metadata.Tag;
    public bool Annotated => TagObjectSha is not null;
    public bool Prerelease => Metadata.Prerelease;
    public DateTimeOffset PublishedAt => Metadata.PublishedAt;
}
