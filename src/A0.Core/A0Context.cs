using A0.Audit;
using A0.Home;
using A0.Processes;
using A0.Storage;

namespace A0;

/// <summary>The seams to the outside world one command uses: its home, clock, environment, processes and user.</summary>
public sealed class A0Context
{
    public A0Context(HomeLayout home, IReadOnlyDictionary<string, string?> environment, TimeProvider? clock = null, ProcessRunner? processes = null, string? osUser = null)
    {
        Home = home;
        Environment = environment;
        Clock = clock ?? TimeProvider.System;
        Processes = processes ?? new ProcessRunner(environment);
        OsUser = osUser ?? System.Environment.UserName;
        Metadata = new MetadataStore(home);
        Audit = new AuditLog(home, Clock);
    }

    public HomeLayout Home { get; }
    public IReadOnlyDictionary<string, string?> Environment { get; }
    public TimeProvider Clock { get; }
    public ProcessRunner Processes { get; }
    public string OsUser { get; }
    public MetadataStore Metadata { get; }
    public AuditLog Audit { get; }

    public string? Variable(string name) => Environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>$TMPDIR of this command, where builds are cloned and validations run.</summary>
    public string TempRoot => Variable("TMPDIR") ?? Path.GetTempPath();
}
