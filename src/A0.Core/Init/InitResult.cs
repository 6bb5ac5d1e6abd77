namespace A0.Init;

public sealed record InitResult(string Version, string CommitSha, IReadOnlyList<string> LocalChanges, bool Resumed);
