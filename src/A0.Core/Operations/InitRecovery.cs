using A0.Authority;
using A0.Init;
using A0.State;

namespace A0.Operations;

public sealed class InitRecovery : IRecovery
{
    public string Operation => InitService.Operation;

    public void Recover(A0Context context, Journal journal, StateRecord state) => new InitService(context).Finish(Actor.Recovery, journal);
}
