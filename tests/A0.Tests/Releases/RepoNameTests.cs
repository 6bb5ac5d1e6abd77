using A0.Releases;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class RepoNameTests
{
    [Theory]
    [InlineData("agent0ai/agent-zero\n")]
    [InlineData("agent0ai/agent-zero/../x")]
    [InlineData("agent0ai/..")]
    [InlineData("-agent0ai/agent-zero")]
    [InlineData("agent0ai/agent zero")]
    public void Init_refuses_a_repository_that_is_not_owner_slash_name_and_adopts_nothing(string repo)
    {
        using var home = new TestHome().WithCheckout();

        var result = home.Run("init", "--repo", repo, "--clone-url", "/nonexistent.git");

        RepoName.IsValid(repo).ShouldBeFalse();
        result.ExitCode.ShouldBe(2, result.ToString());
        Directory.Exists(home.Billy).ShouldBeFalse();
        new FileInfo(home.AppPath).LinkTarget.ShouldBeNull();
    }
}
