using A0.Authority;
using A0.State;

namespace A0.Operations;

/// <summary>
/// The checks every command passes, in the contract's order: authority (3), then for mutating commands the lock (5)
/// and recovery of a dead operation, then the state (FAILED_HARD refuses every mutating command but `recover`).
/// </summary>
public sealed class CommandSession : IDisposable
{
    private readonly OperationLock? operationLock;

    private CommandSession(A0Context context, Actor actor, AuthorityPolicy policy, OperationLock? operationLock)
    {
        Context = context;
        Actor = actor;
        Policy = policy;
        this.operationLock = operationLock;
        State = new StateMachine(context).Load();
    }

    public A0Context Context { get; }
    public Actor Actor { get; }
    public AuthorityPolicy Policy { get; }
    public StateRecord State { get; }

    public StateMachine StateMachine => new(Context);

    public static Actor ResolveActor(A0Context context, AuthorityPolicy policy) =>
        IdentityResolver.Resolve(policy, context.OsUser, IdentityResolver.ActorFrom(context.Environment));

    public static CommandSession ReadOnly(A0Context context, string command, AuthorityLevel required = AuthorityLevel.Observer)
    {
        var policy = context.Metadata.Authority.Read();
        var actor = ResolveActor(context, policy);
        AuthorityGuard.Require(actor, required, command);
        return new CommandSession(context, actor, policy, null);
    }

    public static CommandSession Mutating(A0Context context, string command, AuthorityLevel required, bool allowedInFailedHard = false)
    {
        var policy = context.Metadata.Authority.Read();
        var actor = ResolveActor(context, policy);
        AuthorityGuard.Require(actor, required, command);
        Home.HomeAccess.RequireWritable(context, command);
        var acquired = OperationLock.Acquire(context, command);
        try
        {
            new RecoveryService(context).RecoverIfNeeded();
            var session = new CommandSession(context, actor, policy, acquired);
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
}
