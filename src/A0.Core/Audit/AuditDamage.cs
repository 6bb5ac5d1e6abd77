namespace A0.Audit;

/// <summary>
/// Damage an append found and recorded as an `audit_damaged` event (a torn tail, a missing or disagreeing head): the first line
/// it concerns, the event's seq, what was found, and whether a human has acknowledged it since.
/// </summary>
public sealed record AuditDamage(int Line, long Seq, string Found, bool Acknowledged);
