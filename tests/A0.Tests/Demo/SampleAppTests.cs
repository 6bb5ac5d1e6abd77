using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Demo;

public sealed class SampleAppTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_cloned_sample_release_installs_imports_and_reports_its_tag_on_its_health_url()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var samples = SamplesDirectory.Locate();
        var upstream = await SampleUpstream.CreateAsync(samples, temp.Path, cancellation);
        var wheels = temp.Combine("wheels");
        WheelBuilder.BuildAll(SamplesDirectory.WheelSources(samples), wheels);
        var app = temp.Combine("app");
        await TestProcess.OutputAsync("git", ["clone", "-q", "--depth", "1", "--branch", "v1.0.0-beta.1", upstream.BareRepoPath, app], environment: DemoEnvironment.Git(), cancellationToken: cancellation);
        var venv = await PythonVenv.CreateAsync(Path.Combine(app, ".venv"));

        (await venv.PipInstallAsync(wheels, "-r", Path.Combine(app, "requirements.txt"), "-r", Path.Combine(app, "requirements2.txt"))).ExitCode.ShouldBe(0);
        await TestProcess.OutputAsync(venv.Python, ["-c", "import agent, initialize, models, python.tools.response, python.tools.knowledge_tool"], app, cancellationToken: cancellation);

        await using var running = await RunningApp.StartAsync(app);
        var health = await running.HealthAsync();
        health.GetProperty("status").GetString().ShouldBe("ok");
        health.GetProperty("version").GetString().ShouldBe("v1.0.0-beta.1");
        health.GetProperty("dependency").GetString().ShouldBe("a0dep 1.0.0");
    }
}
