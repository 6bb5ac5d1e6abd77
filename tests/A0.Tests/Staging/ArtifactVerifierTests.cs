using A0.Artifacts;
using A0.Tests.Support;

namespace A0.Tests.Staging;

public sealed class ArtifactVerifierTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_one_byte_change_in_the_largest_file_with_its_size_and_mtime_kept_fails_verify_artifact_naming_it()
    {
        await using var staging = await StagingHome.WithArtifactAsync("v0.9.8");
        var build = staging.BuildOf("v0.9.8")!;
        var (largest, name) = new[] { ("tree", ""), ("venv", "venv/") }
            .SelectMany(root => new DirectoryInfo(Path.Combine(build, root.Item1))
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(file => file.LinkTarget is null && !file.FullName.StartsWith(Path.Combine(build, "tree", ".git") + "/", StringComparison.Ordinal))
                .Select(file => (file, root.Item2 + Path.GetRelativePath(Path.Combine(build, root.Item1), file.FullName))))
            .MaxBy(found => found.file.Length);
        largest.Length.ShouldBeGreaterThan(256 * 1024, "the changed byte should lie past the hasher's first read");
        var stamp = Path.Combine(staging.TempRoot, "mtime");
        await TestProcess.OutputAsync("touch", ["-r", largest.FullName, stamp], cancellationToken: Token);
        var mtime = await Stat(largest.FullName);

        FlipLastByte(largest.FullName);
        await TestProcess.OutputAsync("touch", ["-m", "-r", stamp, largest.FullName], cancellationToken: Token);
        (await Stat(largest.FullName)).ShouldBe(mtime);

        var result = staging.Home.Run("verify-artifact", "v0.9.8", "--json");

        result.ExitCode.ShouldBe(6, result.ToString());
        result.Json["changed"]!.GetValue<string>().ShouldBe(name);
        result.Json["added"]!.GetValue<string>().ShouldBeEmpty();
        result.Json["missing"]!.GetValue<string>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_removed_after_its_directory_was_read_is_missing_and_one_added_before_its_directory_is_read_is_added()
    {
        await using var staging = await StagingHome.WithArtifactAsync("v0.9.8");
        var tree = Path.Combine(staging.BuildOf("v0.9.8")!, "tree");
        var tools = Path.Combine(tree, "python", "tools");
        var helpers = Path.Combine(tree, "python", "helpers");
        foreach (var directory in new[] { tools, helpers })
        {
            File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserWrite);
        }
        var removedUnread = false;
        var addedUnread = false;
        var verifier = new ArtifactVerifier(staging.Home.Context(), directory =>
        {
            if (directory == tree)
            {
                File.WriteAllText(Path.Combine(helpers, "late.py"), "print('late')\n");
                addedUnread = true;
            }
            else if (directory == tools)
            {
                File.Delete(Path.Combine(tools, "response.py"));
                removedUnread = true;
            }
        });

        var (_, result) = verifier.Verify("v0.9.8", Token);

        (removedUnread && addedUnread).ShouldBeTrue("both changes happen during the walk");
        result.Missing.ShouldBe(["python/tools/response.py"]);
        result.Added.ShouldBe(["python/helpers/late.py"]);
        result.Changed.ShouldBeEmpty();
    }

    private static void FlipLastByte(string path)
    {
        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, mode | UnixFileMode.UserWrite);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length - 1;
            var last = stream.ReadByte();
            stream.Position = stream.Length - 1;
            stream.WriteByte((byte)(last ^ 0x01));
        }
        File.SetUnixFileMode(path, mode);
    }

    private static Task<string> Stat(string path) => TestProcess.OutputAsync("stat", ["-c", "%s %y", path], cancellationToken: Token);
}
