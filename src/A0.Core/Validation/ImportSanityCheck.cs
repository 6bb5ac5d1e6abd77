namespace A0.Validation;

/// <summary>import_sanity: the configured modules (Agent Zero: agent, initialize, models) import in the artifact's venv.</summary>
public sealed class ImportSanityCheck : IValidationCheck
{
    public string Name => "import_sanity";

    public Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken) =>
        PythonImportProbe.RunAsync(check, check.Config.ImportModules, cancellationToken);
}
