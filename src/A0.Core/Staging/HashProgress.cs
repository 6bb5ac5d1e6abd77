namespace A0.Staging;

/// <summary>How far a tree hash has got. Symlinks count as files of no bytes.</summary>
public sealed record HashProgress(long FilesHashed, long BytesHashed, long TotalFiles);
