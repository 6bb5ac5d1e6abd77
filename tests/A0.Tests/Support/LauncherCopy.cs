using System.Diagnostics;

namespace A0.Tests.Support;

/// <summary>
/// A copy of what ./a0 builds from (the launcher, eng/, src/, samples/, the build props) in a temp dir, with a stand-in
/// for the .NET SDK first on PATH: it records every build and "publishes" a script that says which kind of build it is.
/// So the launcher's own logic (staleness, locking, fallbacks) runs for real, in seconds.
/// </summary>
public sealed class LauncherCopy : IDisposable
{
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        case $1 in
          publish | build)
            echo "$*" >>"$FAKE_DOTNET_BUILDS"
            for argument in "$@"; do
              [ "${previous:-}" = -o ] && out=$argument
              [ "$argument" = -p:PublishAot=true ] && aot=1
              previous=$argument
            done
            if [ -n "${aot:-}" ] && [ -n "${FAKE_AOT_ERROR:-}" ]; then
              echo "/sdk/Microsoft.NETCore.Native.Unix.targets(318,5): error : $FAKE_AOT_ERROR [/src/A0.Cli/A0.Cli.csproj]"
              exit 1
            fi
            sleep "${FAKE_BUILD_SECONDS:-0}"
            mkdir -p "$out"
            if [ -n "${aot:-}" ]; then
              printf '#!/bin/sh\necho "native a0 $*"\n' >"$out/a0"
            else
              printf '#!/bin/sh\necho apphost\n' >"$out/a0"
              echo 'echo "readytorun a0 $*"' >"$out/a0.dll"
            fi
            chmod +x "$out/a0" ;;
          *.dll)
            exec sh "$@" ;;
        esac
        """;

    /// <summary>Every program the launcher and eng/build-tool.sh run, and those the stand-in SDK runs.</summary>
    private static readonly string[] Toolbox =
        ["bash", "env", "sh", "find", "sha256sum", "sort", "xargs", "cut", "cat", "flock", "mkdir", "rm", "mv", "cp",
         "dirname", "uname", "grep", "sed", "chmod", "sleep", "readlink"];

    private readonly TempDirectory temp = new("a0-launcher");

    public LauncherCopy()
    {
        var root = A0Executable.RepositoryRoot;
        Directory.CreateDirectory(Root);
        foreach (var file in new[] { "a0", "Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", "global.json" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(Root, file));
        }
        foreach (var directory in new[] { "eng", "src", "samples" }) CopySources(Path.Combine(root, directory), Path.Combine(Root, directory));
        Directory.CreateDirectory(FakeBin);
        File.WriteAllText(Path.Combine(FakeBin, "dotnet"), FakeDotnet.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(Path.Combine(FakeBin, "dotnet"), (UnixFileMode)0b111_101_101);
    }

    public string Root => temp.Combine("repo");

    public string Builds => temp.Combine("builds.log");

    /// <summary>How many times the stand-in SDK was asked to build.</summary>
    public int BuildCount => File.Exists(Builds) ? File.ReadAllLines(Builds).Length : 0;

    private string FakeBin => temp.Combine("fake-bin");

    /// <summary>Runs ./a0 with the stand-in SDK first on PATH; without a toolchain, PATH holds only what the launcher needs.</summary>
    public Process Start(IReadOnlyDictionary<string, string>? environment = null, bool withToolchain = true, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(Root, "a0")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = temp.Path };
        foreach (var argument in args) info.ArgumentList.Add(argument);
        info.Environment["PATH"] = FakeBin + ":" + (withToolchain ? Environment.GetEnvironmentVariable("PATH") : ToolboxWithoutCompilers());
        info.Environment["FAKE_DOTNET_BUILDS"] = Builds;
        info.Environment.Remove("A0_BUILD");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public CliResult Run(params string[] args) => Run(null, true, args);

    public CliResult Run(IReadOnlyDictionary<string, string>? environment, bool withToolchain, params string[] args)
    {
        using var process = Start(environment, withToolchain, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private string ToolboxWithoutCompilers()
    {
        var toolbox = temp.Combine("toolbox");
        if (Directory.Exists(toolbox)) return toolbox;
        Directory.CreateDirectory(toolbox);
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(':');
        foreach (var tool in Toolbox)
        {
            var found = path.Select(d => Path.Combine(d, tool)).First(File.Exists);
            File.CreateSymbolicLink(Path.Combine(toolbox, tool), found);
        }
        return toolbox;
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj")) CopySources(directory, Path.Combine(to, name));
        }
    }

    public void Dispose() => temp.Dispose();
}
