namespace A0.Operations;

/// <summary>One kind of journaled operation, and the one routine that settles it from its journal.</summary>
public interface IJournaledOperation
{
    string Name { get; }

    /// <summary>
    /// Finishes or undoes the operation from the journal's step, deciding by what is on disk, and leaves a resting state.
    /// Serves the end of a run, an in-process failure and the recovery of a dead process alike; the journaled process
    /// groups are already dead, and the journal is removed after.
    /// </summary>
    void Settle(Settlement settlement);
}
