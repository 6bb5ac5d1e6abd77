namespace A0.Audit;

/// <summary>
/// The first line the chain does not explain. AtTail: it is at the end (a torn or bad last line, a missing or disagreeing head),
/// which the next append records as damage; anything else is an edit inside the log.
/// </summary>
public sealed record AuditBreak(int Line, string Problem, bool AtTail);
