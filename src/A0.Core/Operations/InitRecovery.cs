using A0.Authority;
using A0.Init;
using A0.State;

namespace A0.Operations;

public sealed class InitRecovery : IRecovery
{
    public string Operation => InitService.Operation;

    // Recovery runs synchronously inside the session; a cross-filesystem copy is the one step of init that waits on a child.
    public void Recover(A0Context context, Journal journal, StateRecord state) =>
        new InitService(context).FinishAsync(Actor.Recovery, journal, CancellationToken.None).GetAwaiter().GetResult();
}
