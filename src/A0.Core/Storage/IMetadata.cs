namespace A0.Storage;

/// <summary>A metadata file's content: versioned, and able to say which field is wrong.</summary>
public interface IMetadata
{
    int SchemaVersion { get; }

    /// <summary>Problems as "field: what is wrong"; empty when valid.</summary>
    IEnumerable<string> Validate();
}
