using A0.Authority;

namespace A0.State;

/// <summary>One thing that may happen next from a state: the command, who may run it, and what it does.</summary>
public sealed record NextStep(string Command, AuthorityLevel Who, string Effect);
