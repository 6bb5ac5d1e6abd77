using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.Staging;

public sealed class ArtifactContentTests
{
    // An independent implementation of CONTRACT §9 in Python: walk without following symlinks, byte order of UTF-8 paths.
    private const string RecomputeTreeHash = """
        import hashlib, os, stat, sys
        root, excluded = sys.argv[1], set(sys.argv[2:])
        lines = []
        for directory, dirs, files in os.walk(root):
            for name in dirs + files:
                full = os.path.join(directory, name)
                rel = os.path.relpath(full, root)
                if any(rel == e or rel.startswith(e + "/") for e in excluded):
                    continue
                st = os.lstat(full)
                if stat.S_ISLNK(st.st_mode):
                    kind, digest = "l", hashlib.sha256(os.readlink(full).encode()).hexdigest()
                elif stat.S_ISREG(st.st_mode):
                    kind = "x" if st.st_mode & 0o111 else "f"
                    digest = hashlib.sha256(open(full, "rb").read()).hexdigest()
                else:
                    continue
                lines.append((rel.encode(), f"{kind} {digest} {rel}\n"))
        print(hashlib.sha256("".join(l for _, l in sorted(lines)).encode()).hexdigest())
        """;

    [Fact]
    public async Task The_artifact_venv_imports_the_dependency_its_console_script_runs_and_its_tree_hash_recomputes()
    {
        await using var staging = await StagingHome.WithArtifactAsync("v0.9.8");
        var build = staging.BuildOf("v0.9.8")!;
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(build, "manifest.json")))!;
        var noPyc = new Dictionary<string, string?> { ["PYTHONPYCACHEPREFIX"] = Path.Combine(staging.TempRoot, "pycache") };

        var imported = await TestProcess.RunAsync(Path.Combine(build, "venv", "bin", "python"), ["-c", "import a0dep; print(a0dep.hello())"], environment: noPyc, cancellationToken: TestContext.Current.CancellationToken);
        imported.ExitCode.ShouldBe(0, imported.StandardError);
        var script = await TestProcess.RunAsync(Path.Combine(build, "venv", "bin", "a0dep-hello"), [], environment: noPyc, cancellationToken: TestContext.Current.CancellationToken);
        script.ExitCode.ShouldBe(0, script.StandardError);

        var userData = A0.Config.A0Config.DefaultUserData;
        var treeHash = await TestProcess.OutputAsync("python3", ["-c", RecomputeTreeHash, Path.Combine(build, "tree"), ".git", .. userData], cancellationToken: TestContext.Current.CancellationToken);
        treeHash.Trim().ShouldBe(manifest["checksums"]!["tree_hash"]!.GetValue<string>());
        var venvHash = await TestProcess.OutputAsync("python3", ["-c", RecomputeTreeHash, Path.Combine(build, "venv")], cancellationToken: TestContext.Current.CancellationToken);
        venvHash.Trim().ShouldBe(manifest["virtualenv_hash"]!.GetValue<string>());

        staging.Home.Run("verify-artifact", "v0.9.8").ExitCode.ShouldBe(0, "running the venv must not write into the artifact");
    }

    [Fact]
    public async Task Verify_artifact_names_the_changed_added_and_missing_paths_of_a_tampered_artifact()
    {
        await using var staging = await StagingHome.WithArtifactAsync("v0.9.8");
        var tree = Path.Combine(staging.BuildOf("v0.9.8")!, "tree");
        File.GetUnixFileMode(Path.Combine(tree, "agent.py")).HasFlag(UnixFileMode.UserWrite).ShouldBeFalse("a build is read-only once published");
        File.SetUnixFileMode(tree, File.GetUnixFileMode(tree) | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(tree, "agent.py"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(Path.Combine(tree, "agent.py"), "\nimport os  # injected\n");
        File.WriteAllText(Path.Combine(tree, "backdoor.py"), "print('hi')\n");
        File.Delete(Path.Combine(tree, "models.py"));

        var result = staging.Home.Run("verify-artifact", "v0.9.8", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("integrity_violation");
        result.Json["changed"]!.GetValue<string>().ShouldContain("agent.py");
        result.Json["added"]!.GetValue<string>().ShouldContain("backdoor.py");
        result.Json["missing"]!.GetValue<string>().ShouldContain("models.py");
        staging.Home.AuditEntries().Last()["details"]!["code"]!.GetValue<string>().ShouldBe("integrity_violation");
    }
}
