namespace A0.State;

public sealed record Transition(OperationState From, OperationState To, string Reason);
