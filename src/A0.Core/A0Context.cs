using A0.Audit;
using A0.Home;
using A0.Processes;
using A0.Storage;

namespace A0;

/// <summary>The seams to the outside world one command uses: its home, clock, environment, processes, HTTP and user.</summary>
public sealed class A0Context
{
    public A0Context(HomeLayout home, IReadOnlyDictionary<string, string?> environment, TimeProvider? clock = null, ProcessRunner? processes = null, string? osUser = null,
        Func<Uri, HttpMessageHandler>? http = null)
    {
        Home = home;
        Environment = environment;
        Clock = clock ?? TimeProvider.System;
        httpHandlers = http ?? DefaultHttpHandler;
        Processes = processes ?? new ProcessRunner(environment);
        OsUser = osUser ?? System.Environment.UserName;
        Metadata = new MetadataStore(home);
        Audit = new AuditLog(home, Clock);
    }

    private readonly Func<Uri, HttpMessageHandler> httpHandlers;

    public HomeLayout Home { get; }
    public IReadOnlyDictionary<string, string?> Environment { get; }
    public TimeProvider Clock { get; }
    public ProcessRunner Processes { get; }
    public string OsUser { get; }
    public MetadataStore Metadata { get; }
    public AuditLog Audit { get; }

    /// <summary>
    /// An HTTP client for one endpoint (the release source's API, the app's health URL), with no timeout of its own:
    /// each caller bounds its requests.
    /// </summary>
    public HttpClient Http(Uri endpoint) => new(httpHandlers(endpoint)) { Timeout = Timeout.InfiniteTimeSpan };

    public string? Variable(string name) => Environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public DateTimeOffset Now => Clock.GetUtcNow();

    // Redirects are followed (a renamed repository answers 301; a token is not sent to another host) and the user's
    // proxy variables are honoured, except for a loopback endpoint, which a proxy could not reach.
    private static HttpMessageHandler DefaultHttpHandler(Uri endpoint) => new SocketsHttpHandler { UseProxy = !endpoint.IsLoopback };

    /// <summary>$TMPDIR of this command, where builds are cloned and validations run.</summary>
    public string TempRoot => Variable("TMPDIR") ?? Path.GetTempPath();
}
