using A0.Demo;

namespace A0.Tests.Demo;

public sealed class DemoEnvironmentTests
{
    [Fact]
    public void The_demo_pip_drops_every_inherited_pip_setting_and_installs_only_from_its_wheels()
    {
        var pip = DemoEnvironment.Pip("/demo/wheels");

        pip["PIP_CONFIG_FILE"].ShouldBe("/dev/null");
        pip["PIP_NO_INDEX"].ShouldBe("1");
        pip["PIP_FIND_LINKS"].ShouldBe("/demo/wheels");
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith("PIP_", StringComparison.Ordinal)))
        {
            pip.ShouldContainKey(name);
        }
        pip.Where(v => v.Value is not null).Select(v => v.Key).ShouldBe(["PIP_CONFIG_FILE", "PIP_NO_INDEX", "PIP_FIND_LINKS"], ignoreOrder: true);
    }

    [Fact]
    public void The_demo_git_ignores_user_configuration_and_dates_commits_as_asked()
    {
        var git = DemoEnvironment.Git(new DateTimeOffset(2025, 9, 15, 10, 0, 0, TimeSpan.Zero));

        git["GIT_CONFIG_GLOBAL"].ShouldBe("/dev/null");
        git["GIT_CONFIG_NOSYSTEM"].ShouldBe("1");
        git["GIT_AUTHOR_NAME"].ShouldBe(DemoEnvironment.AuthorName);
        git["GIT_COMMITTER_EMAIL"].ShouldBe(DemoEnvironment.AuthorEmail);
        git["GIT_COMMITTER_DATE"].ShouldBe("@1757930400 +0000");
    }
}
