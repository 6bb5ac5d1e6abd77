using A0.Storage;

namespace A0.Releases;

/// <summary>.billy/cache/&lt;hash&gt;.json: the last body of a listing and its ETag, kept only to send If-None-Match.</summary>
public sealed record CachedResponse(string Url, string ETag, string Body) : IMetadata
{
    public int SchemaVersion { get; init; } = 1;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(ETag)) yield return "e_tag: must not be empty";
    }
}
