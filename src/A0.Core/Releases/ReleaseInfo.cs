namespace A0.Releases;

/// <summary>One release a source lists.</summary>
public sealed record ReleaseInfo(ReleaseVersion Version, DateTimeOffset? PublishedAt, bool Prerelease)
{
    public string Tag => Version.Tag;
}
