using A0.Authority;
using A0.Integrity;
using A0.State;

namespace A0.Operations;

/// <summary>
/// The checks every command passes, in the contract's order: authority (3), then for mutating commands the lock (5)
/// and recovery of a dead operation, then the state (FAILED_HARD refuses every mutating command but `recover`).
/// What the cheap integrity checks find goes to the one integrity policy, whichever command finds it; an actor whose
/// authority that revokes is judged again.
/// </summary>
public sealed class CommandSession : IDisposable
{
    private readonly OperationLock? operationLock;

    private CommandSession(A0Context context, Actor actor, AuthorityPolicy policy, StateRecord state, OperationLock? operationLock)
    {
        Context = context;
        Actor = actor;
        Policy = policy;
        State = state;
        this.operationLock = operationLock;
    }

    public A0Context Context { get; }
    public Actor Actor { get; }
    public AuthorityPolicy Policy { get; }
    public StateRecord State { get; }

    /// <summary>What the cheap integrity checks found when the session opened (already enforced).</summary>
    public IReadOnlyList<IntegrityFinding> Findings { get; private init; } = [];

    /// <summary>How the app path differs from what version.json says it runs, if it does (one of <see cref="Findings"/>).</summary>
    public string? AppPathDrift => Findings.FirstOrDefault(f => f.Reason == IntegrityFinding.AppPathChanged)?.Message;

    public StateMachine StateMachine => new(Context);

    public static Actor ResolveActor(A0Context context, AuthorityPolicy policy) =>
        IdentityResolver.Resolve(policy, context.OsUser, IdentityResolver.ActorFrom(context.Environment));

    public static CommandSession ReadOnly(A0Context context, string command, AuthorityLevel required = AuthorityLevel.Observer)
    {
        Admit(context, command, required);
        return Open(context, command, required, null);
    }

    public static CommandSession Mutating(A0Context context, string command, AuthorityLevel required, bool allowedInFailedHard = false)
    {
        var (_, actor) = Admit(context, command, required);
        Home.HomeAccess.RequireWritable(context, command);
        var acquired = OperationLock.Acquire(context, command);
        try
        {
            new SchemaMigration(context).MigrateIfNeeded(actor);
            new RecoveryService(context).RecoverIfNeeded();
            var session = Open(context, command, required, acquired);
            if (session.State.State == OperationState.FailedHard)
            {
                if (!allowedInFailedHard) StateMachine.Require(session.State, command, OperationState.Idle);
            }
            else
            {
                new Artifacts.GarbageCollector(context).Collect();
            }
            return session;
        }
        catch
        {
            acquired.Dispose();
            throw;
        }
    }

    public void Dispose() => operationLock?.Dispose();

    private static (AuthorityPolicy Policy, Actor Actor) Admit(A0Context context, string command, AuthorityLevel required)
    {
        Eject.EjectOperation.RequireNotEjecting(context);
        var policy = context.Metadata.Authority.Read();
        var actor = ResolveActor(context, policy);
        AuthorityGuard.Require(actor, required, command);
        return (policy, actor);
    }

    /// <summary>Loads the state and runs the cheap integrity checks; the actor is resolved after them, so a revocation counts at once.</summary>
    private static CommandSession Open(A0Context context, string command, AuthorityLevel required, OperationLock? held)
    {
        var state = new StateMachine(context).Load();
        var findings = IntegrityPolicy.CheapChecks(context, state);
        IntegrityPolicy.Enforce(context, findings);
        var (policy, actor) = Admit(context, command, required);
        return new CommandSession(context, actor, policy, state, held) { Findings = findings };
    }
}
