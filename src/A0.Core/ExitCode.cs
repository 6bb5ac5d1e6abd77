namespace A0;

/// <summary>Process exit codes, CONTRACT §4.</summary>
public enum ExitCode
{
    Success = 0,
    OperationFailed = 1,
    Usage = 2,
    AuthorityDenied = 3,
    Precondition = 4,
    Locked = 5,
    Integrity = 6,
    Unavailable = 7,
}
