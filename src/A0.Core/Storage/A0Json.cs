using System.Text.Json.Serialization;
using A0.Approvals;
using A0.Audit;
using A0.Authority;
using A0.Config;
using A0.Operations;
using A0.State;

namespace A0.Storage;

/// <summary>Source-generated serialisation for every file format a0 writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(UtcTimestamp)])]
[JsonSerializable(typeof(A0Config))]
[JsonSerializable(typeof(AuthorityPolicy))]
[JsonSerializable(typeof(StateRecord))]
[JsonSerializable(typeof(VersionRecord))]
[JsonSerializable(typeof(KnownGoodRecord))]
[JsonSerializable(typeof(PendingApproval))]
[JsonSerializable(typeof(LockOwner))]
[JsonSerializable(typeof(AuditHead))]
[JsonSerializable(typeof(RefusalTally))]
[JsonSerializable(typeof(Journal))]
[JsonSerializable(typeof(A0.Staging.StagingManifest))]
[JsonSerializable(typeof(A0.Releases.CachedResponse))]
[JsonSerializable(typeof(A0.Validation.ValidationReport))]
[JsonSerializable(typeof(A0.Promotion.SnapshotRecord))]
public sealed partial class A0Json : JsonSerializerContext;
