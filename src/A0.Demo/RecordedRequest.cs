namespace A0.Demo;

/// <summary>A request the fake API received: method, raw path with query, and headers (names compared ignoring case).</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
