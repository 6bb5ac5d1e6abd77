using A0.Demo;

namespace A0.Tests.Support;

/// <summary>One sample upstream shared by a test class (<c>IClassFixture</c>). Tests that move or add tags make their own.</summary>
public sealed class SampleUpstreamFixture : IAsyncLifetime
{
    private readonly TempDirectory temp = new("a0-upstream");

    public SampleUpstream Upstream { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Upstream = await SampleUpstream.CreateAsync(SamplesDirectory.Locate(), temp.Path, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        temp.Dispose();
        return ValueTask.CompletedTask;
    }
}
