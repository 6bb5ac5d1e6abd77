using A0.State;

namespace A0.Operations;

/// <summary>Finishes or undoes one kind of operation whose process died, from its journal.</summary>
public interface IRecovery
{
    string Operation { get; }

    void Recover(A0Context context, Journal journal, StateRecord state);
}
