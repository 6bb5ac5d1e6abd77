using A0.Operations;

namespace A0.Init;

/// <summary>Init's steps are idempotent: settling a dead init is running the rest of them again.</summary>
public sealed class InitOperation : IJournaledOperation
{
    public const string Operation = "init";

    public string Name => Operation;

    // Settling is synchronous; a cross-filesystem copy is the one step of init that waits on a child.
    public void Settle(Settlement settlement) =>
        new InitService(settlement.Context).FinishAsync(settlement.Actor, settlement.Journal, CancellationToken.None).GetAwaiter().GetResult();
}
