namespace A0.Validation;

/// <summary>One of CONTRACT §6's checks; the runner times it and turns an exception into a failed result.</summary>
public interface IValidationCheck
{
    string Name { get; }

    Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken);
}
