using A0.Processes;

namespace A0.Operations;

/// <summary>
/// The journal of the operation this process runs: written before anything changes, each step and each journaled
/// child's process group recorded as it happens, removed once the operation has reached a resting state.
/// </summary>
public sealed class OperationJournal
{
    private readonly A0Context context;
    private readonly Lock writing = new();

    private OperationJournal(A0Context context, Journal journal)
    {
        this.context = context;
        Current = journal;
    }

    public Journal Current { get; private set; }

    public static OperationJournal Begin(A0Context context, Journal journal)
    {
        context.Metadata.Journal.Write(journal);
        return new OperationJournal(context, journal);
    }

    /// <summary>A handle on a journal already on disk, for settling that records its own steps (recovery finishing a switch).</summary>
    public static OperationJournal Resume(A0Context context, Journal journal) => new(context, journal);

    /// <summary>Records the step about to be taken; a test build can die right after, at crash point `operation.step`.</summary>
    public void Step(string step)
    {
        Update(journal => journal with { Step = step });
        FaultInjection.Hit(context, $"{Current.Operation}.{step}");
    }

    /// <summary>Records a child's group so that a recovery kills it (children of one operation may run in parallel).</summary>
    public void ChildStarted(JournaledProcess group)
    {
        FaultInjection.Hit(context, "op.child_started");
        Update(journal => journal with { ProcessGroups = [.. journal.ProcessGroups, group] });
    }

    private void Update(Func<Journal, Journal> change)
    {
        lock (writing)
        {
            var next = change(Current);
            context.Metadata.Journal.Write(next);
            Current = next;
        }
    }

    /// <summary>
    /// Runs an operation's body; on any failure its journaled groups are killed and the operation settled as the failure says
    /// (the journal then removed) before the failure goes on. Should settling fail too, the journal stays for recovery.
    /// </summary>
    public async Task<T> RunAsync<T>(IJournaledOperation operation, Authority.Actor actor, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            var (cause, message) = OperationFailure.Describe(operation.Name, failure);
            RecoveryService.KillProcessGroups(Current);
            Settle(operation, actor, cause, message);
            throw;
        }
    }

    /// <summary>Settles the operation (its end, or a failure) and removes the journal.</summary>
    public void Settle(IJournaledOperation operation, Authority.Actor actor, string cause, string message)
    {
        operation.Settle(new Settlement(context, actor, Current, cause, message));
        context.Metadata.Journal.Delete();
    }
}
