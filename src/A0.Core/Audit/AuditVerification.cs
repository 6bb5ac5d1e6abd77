namespace A0.Audit;

/// <summary>
/// The outcome of re-computing the audit chain: the intact entries, the first line the chain does not explain, and the damage
/// recorded in the log. Intact means no break and no damage left unacknowledged (CONTRACT §8).
/// </summary>
public sealed record AuditVerification(long Entries, AuditBreak? Break, IReadOnlyList<AuditDamage> Damage)
{
    public bool IsIntact => Break is null && Damage.All(d => d.Acknowledged);

    public AuditDamage? Unacknowledged => Damage.FirstOrDefault(d => !d.Acknowledged);

    public int? BadLine => Break?.Line ?? Unacknowledged?.Line;

    public string? Problem => Break?.Problem
        ?? (Unacknowledged is { } damage
            ? $"damage recorded at seq {damage.Seq} ({damage.Found}) is not acknowledged; a human acknowledges it with `a0 recover --i-understand`"
            : null);

    /// <summary>One sentence for a person: the first bad line and what is wrong with it.</summary>
    public string? Summary => IsIntact ? null
        : Break is not null ? $"audit chain broken at line {BadLine}: {Problem}"
        : $"audit log damaged at line {BadLine}: {Problem}";

    /// <summary>What fixes it: damage is acknowledged by a human; an edit inside the log can only be undone from a backup.</summary>
    public string Fix => Break is { AtTail: false }
        ? "restore .billy/upgrade_history.log from a backup (an edit inside the log cannot be acknowledged), then a0 audit verify"
        : "a0 recover --i-understand (a human acknowledges the damage; the log keeps the record)";
}
