using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using A0.Staging;

namespace A0.Storage;

/// <summary>
/// Reads and writes one metadata file: schema check, validation on read, atomic write. A file of an older schema reads
/// upgraded through its <see cref="ISchemaUpgrade"/>; the next mutating command writes it back (<see cref="Operations.SchemaMigration"/>).
/// </summary>
public sealed class MetadataFile<T>(string path, JsonTypeInfo<T> typeInfo, int currentSchema = 1, ISchemaUpgrade? upgrade = null) where T : class, IMetadata
{
    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    /// <summary>The content, or null when the file does not exist. A bad file is an integrity error naming file and field.</summary>
    public T? ReadOrNull() => ReadBytesOrNull() is { } bytes ? Parse(bytes) : null;

    /// <summary>The schema_version on disk when it is older than this a0's (the content then reads upgraded), else null.</summary>
    public int? OlderSchemaOnDisk() =>
        upgrade is not null && ReadBytesOrNull() is { } bytes && SchemaOf(bytes) is var schema && schema < currentSchema ? schema : null;

    private byte[]? ReadBytesOrNull()
    {
        switch (UnixFiles.TryLstat(Path, out var entry))
        {
            case 0:
                break;
            case UnixFiles.NoSuchEntry:
                return null;
            case UnixFiles.PermissionDenied:
                throw CannotAccess("read");
            case UnixFiles.NotADirectory:
                throw NotUnderADirectory();
            case var error:
                throw new IOException($"cannot examine {Path} (errno {error})");
        }
        // A fifo, device or symlink put in a metadata file's place is refused, never opened (a fifo would block).
        if (entry.Type != UnixEntryType.RegularFile) throw Invalid($"{entry.Type.Describe()}, not a regular file");
        try
        {
            return File.ReadAllBytes(Path);
        }
        catch (UnauthorizedAccessException)
        {
            throw CannotAccess("read");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The content, or null when the file is missing or unusable (invalid, or from a newer a0): for readers that can do without it.</summary>
    public T? ReadIfUsable()
    {
        try
        {
            return ReadOrNull();
        }
        catch (A0Exception)
        {
            return null;
        }
    }

    public T Read() => ReadOrNull() ?? throw A0Exception.Precondition($"{Path} is missing (is this home initialised? run `a0 init`)", "not_initialized");

    public void Write(T value)
    {
        var problems = value.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"refusing to write invalid {Path}: {string.Join("; ", problems)}");
        }
        if (UnixFiles.TryLstat(Path, out var entry) == 0 && entry.Type != UnixEntryType.RegularFile)
        {
            throw Invalid($"{entry.Type.Describe()} is in its place (a0 never makes one there); move it away");
        }
        try
        {
            AtomicFile.Write(Path, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        }
        catch (UnauthorizedAccessException)
        {
            throw CannotAccess("write");
        }
    }

    public void Delete()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
            Processes.Posix.FsyncDirectory(System.IO.Path.GetDirectoryName(Path)!);
        }
    }

    private T Parse(byte[] bytes)
    {
        var schema = SchemaOf(bytes);
        if (schema > currentSchema)
        {
            throw A0Exception.Precondition($"{Path} was written by a newer a0 (schema_version {schema}, this a0 knows {currentSchema}); upgrade a0", "newer_schema");
        }
        if (schema < currentSchema && upgrade is not null)
        {
            bytes = Upgraded(bytes, schema);
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException e)
        {
            throw Invalid(JsonComplaint.Describe(e));
        }
        var problems = value?.Validate().ToList() ?? ["the document is null"];
        return problems.Count == 0 ? value! : throw Invalid(string.Join("; ", problems));
    }

    private byte[] Upgraded(byte[] bytes, int schema)
    {
        var document = JsonNode.Parse(bytes)!.AsObject();
        var problems = upgrade!.Upgrade(document, schema);
        return problems.Count == 0 ? Encoding.UTF8.GetBytes(document.ToJsonString()) : throw Invalid(string.Join("; ", problems));
    }

    private int SchemaOf(byte[] bytes)
    {
        int schema;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the top level is not a JSON object");
            }
            if (!document.RootElement.TryGetProperty("schema_version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out schema) || schema < 1)
            {
                throw Invalid("field 'schema_version' is missing or not a positive integer");
            }
        }
        catch (JsonException e)
        {
            throw Invalid($"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
        return schema;
    }

    private A0Exception Invalid(string what) => new(ExitCode.Integrity, "invalid_metadata", $"{Path} is invalid: {what}");

    private A0Exception CannotAccess(string access) =>
        A0Exception.AccessDenied($"user '{Environment.UserName}' may not {access} {Path}; run a0 as the home's owner, or give this user {access} access");

    /// <summary>The file cannot exist because a parent is a file (a mistyped --home, or a file put where .billy/ belongs).</summary>
    private A0Exception NotUnderADirectory()
    {
        var parent = System.IO.Path.GetDirectoryName(Path);
        while (parent is not null && !File.Exists(parent)) parent = System.IO.Path.GetDirectoryName(parent);
        return A0Exception.Precondition($"{parent ?? Path} is a file, not a directory, so there is no a0 home there (check --home or A0_HOME)", "not_initialized");
    }

}
