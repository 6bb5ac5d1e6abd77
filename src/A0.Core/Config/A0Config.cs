using A0.Releases;
using A0.Storage;

namespace A0.Config;

/// <summary>.billy/config.json: where releases come from and how this install is laid out.</summary>
public sealed record A0Config : IMetadata
{
    public static readonly IReadOnlyList<string> DefaultUserData =
        ["usr", "tmp", "logs", ".env", "memory", "knowledge/custom", "instruments/custom"];

    /// <summary>2: the app path is absolute and may be anywhere (schema 1 had app_dir, a name inside the home).</summary>
    public const int CurrentSchema = 2;

    public int SchemaVersion { get; init; } = CurrentSchema;
    public required string Repo { get; init; }
    public string Source { get; init; } = "github";
    public string ApiUrl { get; init; } = "https://api.github.com";
    public required string CloneUrl { get; init; }
    public string Python { get; init; } = "python3";
    public required string AppPath { get; init; }
    public IReadOnlyList<string> UserData { get; init; } = DefaultUserData;
    public ApprovalConfig Approval { get; init; } = new();
    public StagingConfig Staging { get; init; } = new();
    public NetworkConfig Network { get; init; } = new();
    /// <summary>Absent from configs written before validation existed: the defaults then.</summary>
    public ValidationConfig Validation { get => validation ?? new(); init => validation = value; }

    private readonly ValidationConfig? validation;

    /// <summary>Absent from older configs, like validation.</summary>
    public ServiceConfig Service { get => service ?? new(); init => service = value; }

    private readonly ServiceConfig? service;

    public SnapshotConfig Snapshot { get => snapshot ?? new(); init => snapshot = value; }

    private readonly SnapshotConfig? snapshot;

    public IEnumerable<string> Validate()
    {
        if (SchemaVersion != CurrentSchema) yield return $"schema_version: must be {CurrentSchema}";
        if (!RepoName.IsValid(Repo)) yield return $"repo: '{Repo}' is not OWNER/NAME";
        if (Source is not ("github" or "git")) yield return $"source: '{Source}' is not github or git";
        if (!Uri.TryCreate(ApiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https")) yield return $"api_url: '{ApiUrl}' is not an http(s) URL";
        if (string.IsNullOrWhiteSpace(CloneUrl) || CloneUrl.StartsWith('-') || CloneUrl.Any(char.IsControl)) yield return "clone_url: must be a URL or path";
        if (string.IsNullOrWhiteSpace(Python) || Python.StartsWith('-')) yield return "python: must name an interpreter";
        if (!IsAbsoluteAppPath(AppPath)) yield return $"app_path: '{AppPath}' must be an absolute path, without . or .. segments, other than /";
        foreach (var path in UserData.Where(p => !RelativePath.IsSafe(p))) yield return $"user_data: '{path}' must be a relative path inside the release";
        if (Approval.ExpiryHours is <= 0 or > 24 * 365) yield return "approval.expiry_hours: must be between 1 and 8760";
        if (Staging.MinFreeBytes < 0) yield return "staging.min_free_bytes: must not be negative";
        if (Network.TimeoutSeconds is <= 0 or > 600) yield return "network.timeout_seconds: must be between 1 and 600";
        if (Network.Retries is < 0 or > 10) yield return "network.retries: must be between 0 and 10";
        if (Network.RetryDelayMs is < 0 or > 60_000) yield return "network.retry_delay_ms: must be between 0 and 60000";
        foreach (var problem in Validation.Problems().Concat(Service.Problems()).Concat(Snapshot.Problems())) yield return problem;
    }

    private static bool IsAbsoluteAppPath(string path) =>
        Path.IsPathFullyQualified(path) && path != "/" && Path.GetFullPath(path) == path && !path.EndsWith('/') && !path.Any(char.IsControl);
}

public sealed record ApprovalConfig
{
    public int ExpiryHours { get; init; } = 72;
    public bool TwoPerson { get; init; }
    public string? Signers { get; init; }
}

public sealed record StagingConfig
{
    public long MinFreeBytes { get; init; } = 2L * 1024 * 1024 * 1024;
}

public sealed record NetworkConfig
{
    public int TimeoutSeconds { get; init; } = 20;
    public int Retries { get; init; } = 3;
    public int RetryDelayMs { get; init; } = 1000;
}
