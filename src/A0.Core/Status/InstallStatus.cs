using A0.Approvals;
using A0.Authority;
using A0.State;

namespace A0.Status;

/// <summary>Everything `status` shows, read without taking the lock.</summary>
public sealed record InstallStatus(
    StateRecord State,
    VersionRecord? Version,
    KnownGoodRecord? KnownGood,
    PendingApproval? PendingApproval,
    LockOwner? Lock,
    Actor Actor,
    string? DeadOperation,
    Validation.ValidationStanding? Validation,
    bool ServiceManaged,
    string? HealthUrl,
    string? RunningVersion,
    IReadOnlyList<string> Warnings);
