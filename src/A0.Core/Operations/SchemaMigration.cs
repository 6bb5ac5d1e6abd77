using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Storage;

namespace A0.Operations;

/// <summary>
/// Rewrites metadata written by an older a0 in the current schema (CONTRACT §1), audited as schema_migrated. Run by mutating
/// commands under the operation lock; readers use the upgraded content in memory and write nothing.
/// </summary>
public sealed class SchemaMigration(A0Context context)
{
    public void MigrateIfNeeded(Actor actor) => Migrate(context.Metadata.Config, actor);

    private void Migrate<T>(MetadataFile<T> file, Actor actor) where T : class, IMetadata
    {
        if (file.OlderSchemaOnDisk() is not { } from) return;
        var upgraded = file.Read();
        context.Audit.Append(actor, new AuditEvent("schema_migrated", null, new JsonObject
        {
            ["file"] = Path.GetRelativePath(context.Home.Root, file.Path),
            ["from_schema"] = from,
            ["to_schema"] = upgraded.SchemaVersion,
        }), underLock: () => file.Write(upgraded));
    }
}
