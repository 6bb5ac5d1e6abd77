using System.Globalization;
using System.Net;
using System.Net.Sockets;
using A0.Config;
using A0.Tests.Support;

namespace A0.Tests.Promotion;

/// <summary>With service.restart_command and service.health_url, a0 restarts the running app after each switch and polls it.</summary>
public sealed class ServiceTests
{
    private const string RestartScript = """
        import os, signal, subprocess, sys, time
        app, port, pidfile, log = sys.argv[1:5]
        try:
            old = int(open(pidfile).read())
            os.killpg(old, signal.SIGTERM)
            for _ in range(200):
                os.killpg(old, 0)
                time.sleep(0.05)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
        env = dict(os.environ)
        if env.get("BROKEN_VERSION") == open(os.path.join(app, "VERSION")).read().strip():
            env["SAMPLE_APP_HEALTH"] = "unhealthy"
        app_process = subprocess.Popen([os.path.join(app, ".venv", "bin", "python"), os.path.join(app, "run_ui.py"), "--port", port],
                                       cwd=app, env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT, start_new_session=True)
        open(pidfile, "w").write(str(app_process.pid))
        """;

    [Fact]
    public async Task The_running_version_follows_each_switch_and_an_unhealthy_restart_switches_back_and_restarts_the_old_one()
    {
        await using var staging = await PromotionHome.ValidatedAsync();
        using var scratch = new TempDirectory("a0-service");
        var home = staging.Home;
        var port = FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        var script = scratch.Combine("restart.py");
        File.WriteAllText(script, RestartScript);
        string[] restart = ["python3", script, home.AppPath, port, scratch.Combine("app.pid"), scratch.Combine("app.log")];
        staging.Configure(config => config with
        {
            Service = new ServiceConfig { RestartCommand = restart, HealthUrl = $"http://127.0.0.1:{port}/api/health", HealthTimeoutSeconds = 3 },
        });
        try
        {
            await TestProcess.OutputAsync(restart[0], [.. restart.Skip(1)], cancellationToken: TestContext.Current.CancellationToken);
            HomeFixtures.WaitFor(() => RunningVersion(home) == "v0.9.7", "the service to run v0.9.7");

            home.Run("promote").ExitCode.ShouldBe(0);
            RunningVersion(home).ShouldBe("v0.9.8");
            home.Run("rollback").ExitCode.ShouldBe(0);
            RunningVersion(home).ShouldBe("v0.9.7");

            staging.Approve("v0.9.8");
            staging.Stage("v0.9.8").ExitCode.ShouldBe(0);
            home.Run("validate").ExitCode.ShouldBe(0);
            var broken = home.Run(["promote"], new Dictionary<string, string?> { ["BROKEN_VERSION"] = "v0.9.8" });

            broken.ExitCode.ShouldBe(1, broken.ToString());
            home.Json("status")["state"]!.GetValue<string>().ShouldBe("IDLE");
            RunningVersion(home).ShouldBe("v0.9.7", "the old release was restarted after switching back");
        }
        finally
        {
            if (File.Exists(scratch.Combine("app.pid"))) KillGroup(File.ReadAllText(scratch.Combine("app.pid")));
        }
    }

    private static string? RunningVersion(TestHome home) => home.Json("status")["running_version"]?.GetValue<string>();

    /// <summary>Stops the service the restart script left running, if the pid is still that app (never a reused pid).</summary>
    private static void KillGroup(string pid)
    {
        var cmdline = $"/proc/{pid.Trim()}/cmdline";
        if (File.Exists(cmdline) && File.ReadAllText(cmdline).Contains("run_ui.py", StringComparison.Ordinal))
        {
            System.Diagnostics.Process.Start("kill", ["-KILL", "--", $"-{pid.Trim()}"])!.WaitForExit();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
