using System.IO.Compression;
using System.Security.Cryptography;
using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Demo;

public sealed class WheelBuilderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static string A0DepSource => Path.Combine(SamplesDirectory.WheelSources(SamplesDirectory.Locate()), "a0dep");

    [Fact]
    public void The_sample_wheel_records_every_file_with_its_hash_and_size()
    {
        var wheel = WheelBuilder.BuildFromSource(A0DepSource, temp.Path);

        Path.GetFileName(wheel).ShouldBe("a0dep-1.0.0-py3-none-any.whl");
        using var zip = ZipFile.OpenRead(wheel);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        names.ShouldBe(
        [
            "a0dep/__init__.py",
            "a0dep-1.0.0.dist-info/METADATA",
            "a0dep-1.0.0.dist-info/WHEEL",
            "a0dep-1.0.0.dist-info/entry_points.txt",
            "a0dep-1.0.0.dist-info/RECORD",
        ]);
        Read(zip, "a0dep-1.0.0.dist-info/entry_points.txt").ShouldContain("a0dep-hello = a0dep:main");
        var record = Read(zip, "a0dep-1.0.0.dist-info/RECORD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        record[^1].ShouldBe("a0dep-1.0.0.dist-info/RECORD,,");
        record[..^1].ShouldBe(names[..^1].Select(name =>
        {
            var content = ReadBytes(zip, name);
            var hash = Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return $"{name},sha256={hash},{content.Length}";
        }));
    }

    [Fact]
    public async Task The_sample_wheel_installs_with_pip_and_its_console_script_runs()
    {
        var wheels = temp.Combine("wheels");
        WheelBuilder.BuildAll(SamplesDirectory.WheelSources(SamplesDirectory.Locate()), wheels);
        var venv = await PythonVenv.CreateAsync(temp.Combine("venv"));

        var install = await venv.PipInstallAsync(wheels, "a0dep==1.0.0");

        install.ExitCode.ShouldBe(0, install.StandardError);
        (await TestProcess.OutputAsync(venv.Bin("a0dep-hello"), [], cancellationToken: TestContext.Current.CancellationToken)).Trim().ShouldBe("a0dep 1.0.0");
    }

    [Fact]
    public async Task A_wheel_whose_dependency_is_missing_does_not_install()
    {
        var wheels = temp.Combine("wheels");
        WheelBuilder.Build(WheelSpec.Minimal("a0-broken", "2.0.0", "a0missing==9.9"), wheels);
        var venv = await PythonVenv.CreateAsync(temp.Combine("venv"));

        var install = await venv.PipInstallAsync(wheels, "a0-broken==2.0.0");

        install.ExitCode.ShouldNotBe(0);
        install.StandardError.ShouldContain("a0missing");
    }

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Read(ZipArchive zip, string name) => System.Text.Encoding.UTF8.GetString(ReadBytes(zip, name));
}
