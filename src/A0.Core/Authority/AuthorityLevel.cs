namespace A0.Authority;

/// <summary>What an actor may do; each level includes those below it.</summary>
public enum AuthorityLevel
{
    None = 0,
    Observer = 1,
    Executor = 2,
    Human = 3,
}
