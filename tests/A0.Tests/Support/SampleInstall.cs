using System.IO.Compression;
using A0.Demo;

namespace A0.Tests.Support;

/// <summary>An install of the sample app as users have one: a clone at a release tag, a .venv with its dependency, some user data.</summary>
public static class SampleInstall
{
    public static async Task CreateAsync(SampleUpstream upstream, string scratch, string appPath, string tag)
    {
        await TestProcess.OutputAsync("git", ["clone", "-q", "--branch", tag, upstream.BareRepoPath, appPath], environment: DemoEnvironment.Git());
        await AddVenvAsync(appPath, WheelBuilder.BuildAll(SamplesDirectory.WheelSources(SamplesDirectory.Locate()), Path.Combine(scratch, "wheels")));
        Directory.CreateDirectory(Path.Combine(appPath, "usr", "chats"));
        File.WriteAllText(Path.Combine(appPath, "usr", "chats", "chat1.json"), "{\"hello\":1}");
    }

    /// <summary>What pip would leave in .venv, without pip's own seconds-long bootstrap: the wheels unpacked into site-packages.</summary>
    public static async Task AddVenvAsync(string appPath, IEnumerable<string> wheels)
    {
        var venv = Path.Combine(appPath, ".venv");
        await TestProcess.OutputAsync("python3", ["-m", "venv", "--without-pip", venv]);
        var sitePackages = (await TestProcess.OutputAsync(Path.Combine(venv, "bin", "python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])).Trim();
        foreach (var wheel in wheels) ZipFile.ExtractToDirectory(wheel, sitePackages);
    }
}
