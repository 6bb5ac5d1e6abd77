namespace A0.Staging;

/// <summary>What staging is doing now, for the progress line on stderr.</summary>
public sealed record StagingProgress(string Phase, long FilesHashed = 0, long BytesHashed = 0, double MegabytesPerSecond = 0, long TotalFiles = 0);
