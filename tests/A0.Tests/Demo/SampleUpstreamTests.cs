using A0.Demo;
using A0.Tests.Support;

namespace A0.Tests.Demo;

public sealed class SampleUpstreamTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_upstream_has_every_release_tagged_with_its_kind_and_peeled_commit()
    {
        var upstream = await CreateAsync(temp.Path);

        var refs = await LsRemoteAsync(upstream.BareRepoPath);

        upstream.Releases.Select(r => (r.Tag, r.Annotated, r.Prerelease)).ShouldBe(
        [
            ("v0.9.7", true, false),
            ("v0.9.8", false, false),
            ("v0.9.8.1", true, false),
            ("v1.0.0-beta.1", true, true),
        ]);
        foreach (var release in upstream.Releases)
        {
            if (release.Annotated)
            {
                refs[$"refs/tags/{release.Tag}"].ShouldBe(release.TagObjectSha);
                refs[$"refs/tags/{release.Tag}^{{}}"].ShouldBe(release.CommitSha);
            }
            else
            {
                refs[$"refs/tags/{release.Tag}"].ShouldBe(release.CommitSha);
                refs.ShouldNotContainKey($"refs/tags/{release.Tag}^{{}}");
            }
        }
    }

    [Fact]
    public async Task Each_release_shows_its_own_version_and_changes()
    {
        var upstream = await CreateAsync(temp.Path);

        foreach (var release in upstream.Releases)
        {
            (await GitAsync(upstream.BareRepoPath, "show", $"{release.Tag}:VERSION")).Trim().ShouldBe(release.Tag);
        }
        var betaFiles = await GitAsync(upstream.BareRepoPath, "ls-tree", "-r", "--name-only", "v1.0.0-beta.1");
        betaFiles.ShouldContain("requirements2.txt");
        betaFiles.ShouldContain("usr/.gitkeep");
        betaFiles.ShouldContain(".gitignore");
        (await GitAsync(upstream.BareRepoPath, "ls-tree", "-r", "--name-only", "v0.9.8.1")).ShouldNotContain("requirements2.txt");
        (await GitAsync(upstream.BareRepoPath, "diff", "--name-only", "v0.9.7", "v0.9.8")).ShouldContain("prompts/agent.system.main.md");
    }

    [Fact]
    public async Task Building_the_upstream_twice_gives_the_same_commits_and_tag_objects()
    {
        var first = await CreateAsync(temp.Combine("first"));
        var second = await CreateAsync(temp.Combine("second"));

        second.Releases.ShouldBe(first.Releases);
    }

    [Fact]
    public async Task A_moved_tag_points_at_its_new_commit_and_keeps_its_kind()
    {
        var upstream = await CreateAsync(temp.Path);
        var before = upstream["v0.9.8.1"];
        var target = upstream["v0.9.8"].CommitSha;

        var moved = await upstream.MoveTagAsync("v0.9.8.1", target, TestContext.Current.CancellationToken);

        moved.CommitSha.ShouldBe(target);
        moved.TagObjectSha.ShouldNotBeNull();
        moved.TagObjectSha.ShouldNotBe(before.TagObjectSha);
        upstream["v0.9.8.1"].ShouldBe(moved);
        var refs = await LsRemoteAsync(upstream.BareRepoPath);
        refs["refs/tags/v0.9.8.1"].ShouldBe(moved.TagObjectSha);
        refs["refs/tags/v0.9.8.1^{}"].ShouldBe(target);
    }

    [Fact]
    public async Task A_tag_name_git_refuses_is_written_as_a_ref_file_and_one_that_is_no_plain_path_is_refused()
    {
        var upstream = await CreateAsync(temp.Path);
        var commit = upstream["v0.9.7"].CommitSha;
        var cancellation = TestContext.Current.CancellationToken;

        await upstream.AddRawTagAsync("v1; rm -rf ~", commit, cancellation);
        await upstream.AddRawTagAsync("v1$(id)", commit, cancellation);

        File.ReadAllText(Path.Combine(upstream.BareRepoPath, "refs", "tags", "v1; rm -rf ~")).Trim().ShouldBe(commit);
        (await LsRemoteAsync(upstream.BareRepoPath))["refs/tags/v1$(id)"].ShouldBe(commit);
        await Should.ThrowAsync<ArgumentException>(() => upstream.AddRawTagAsync("../../x", commit, cancellation));
        await Should.ThrowAsync<ArgumentException>(() => upstream.AddRawTagAsync("a/../b", commit, cancellation));
    }

    private static Task<SampleUpstream> CreateAsync(string workDirectory) =>
        SampleUpstream.CreateAsync(SamplesDirectory.Locate(), workDirectory, TestContext.Current.CancellationToken);

    private static Task<string> GitAsync(string repo, params string[] arguments) =>
        TestProcess.OutputAsync("git", ["-C", repo, .. arguments], environment: DemoEnvironment.Git(), cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<Dictionary<string, string>> LsRemoteAsync(string repo)
    {
        var output = await TestProcess.OutputAsync("git", ["ls-remote", "--tags", repo], environment: DemoEnvironment.Git(), cancellationToken: TestContext.Current.CancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2)
            .ToDictionary(fields => fields[1], fields => fields[0]);
    }
}
