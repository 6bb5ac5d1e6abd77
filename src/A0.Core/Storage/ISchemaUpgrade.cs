using System.Text.Json.Nodes;

namespace A0.Storage;

/// <summary>Turns a metadata document written by an older a0 into the current schema (CONTRACT §1: older files are migrated).</summary>
public interface ISchemaUpgrade
{
    /// <summary>Rewrites document, whose schema_version is fromSchema, in place; returns its problems as "field: what is wrong".</summary>
    IReadOnlyList<string> Upgrade(JsonObject document, int fromSchema);
}
