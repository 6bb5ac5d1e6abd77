namespace A0.Staging;

public sealed record StagingOptions(string Version, bool Rebuild = false, bool DryRun = false, bool Retry = false);
