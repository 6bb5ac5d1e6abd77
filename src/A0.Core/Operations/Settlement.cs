using A0.Authority;

namespace A0.Operations;

/// <summary>
/// What settling an operation needs: who does it (the command's actor, or a0:recovery), the journal, and why the operation
/// stopped: <paramref name="Cause"/> is an audit event name (e.g. dependencies_failed, process_died, or completed when it ran
/// to its end), <paramref name="Message"/> says it for a person.
/// </summary>
public sealed record Settlement(A0Context Context, Actor Actor, Journal Journal, string Cause, string Message)
{
    public bool IsRecovery => Actor == Actor.Recovery;
}
