using A0.Releases;

namespace A0.Tests.Releases;

public sealed class ReleaseVersionTests
{
    [Fact]
    public void Real_agent_zero_tags_sort_as_versions_not_as_strings()
    {
        string[] tags = ["v0.9.8", "v0.9.8.3", "v1.7", "v1.0.0-beta.1", "v0.9.8-pre", "v0.10", "v0.9.10"];

        var sorted = tags.Select(ReleaseVersion.Parse).Order().Select(v => v.Tag).ToList();

        sorted.ShouldBe(["v0.9.8-pre", "v0.9.8", "v0.9.8.3", "v0.9.10", "v0.10", "v1.0.0-beta.1", "v1.7"]);
        tags.Order(StringComparer.Ordinal).ToList().ShouldNotBe(sorted);
    }

    [Theory]
    [InlineData("v0.9.10", "v0.9.9")]
    [InlineData("v0.10", "v0.9.10")]
    [InlineData("v0.9.8.3", "v0.9.8")]
    [InlineData("v0.9.8.10", "v0.9.8.9")]
    [InlineData("v0.9.9", "v0.9.8.3")]
    [InlineData("v0.9.8", "v0.9.8-pre")]
    [InlineData("v0.9.8.1", "v0.9.8-pre")]
    [InlineData("v1.0.0", "v1.0.0-beta.1")]
    [InlineData("v1.0.0-beta.1", "v0.9.8.3")]
    [InlineData("v1.0.0-beta.11", "v1.0.0-beta.2")]
    [InlineData("v1.0.0-beta.2", "v1.0.0-beta")]
    [InlineData("v1.0.0-beta", "v1.0.0-alpha.1")]
    [InlineData("v1.0.0-rc.1", "v1.0.0-beta.11")]
    [InlineData("v1.7", "v1.0.0")]
    [InlineData("v2", "v1.99.99.99")]
    public void The_newer_version_compares_greater(string newer, string older)
    {
        var high = ReleaseVersion.Parse(newer);
        var low = ReleaseVersion.Parse(older);

        (high > low).ShouldBeTrue();
        (low < high).ShouldBeTrue();
        high.CompareTo(low).ShouldBePositive();
        low.CompareTo(high).ShouldBeNegative();
        high.ShouldNotBe(low);
    }

    [Theory]
    [InlineData("v1.0.0-beta.1", true)]
    [InlineData("v0.9.8-pre", true)]
    [InlineData("v0.9.8.3", false)]
    [InlineData("v1.7", false)]
    public void A_suffix_makes_a_prerelease(string tag, bool prerelease) =>
        ReleaseVersion.Parse(tag).IsPrerelease.ShouldBe(prerelease);

    [Theory]
    [InlineData("v0.9.8")]
    [InlineData("v0.9.8.3")]
    [InlineData("v1.0.0-beta.1")]
    [InlineData("v0.9.8-pre")]
    [InlineData("v1.0.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Release_tags_pass_the_allow_list(string tag)
    {
        TagName.IsValid(tag).ShouldBeTrue();
        TagName.Require(tag).ShouldBe(tag);
        ReleaseVersion.TryParse(tag, out var version).ShouldBeTrue();
        version.Tag.ShouldBe(tag);
    }

    public static TheoryData<string> HostileNames() =>
    [
        "v1; rm -rf ~",
        "../x",
        "-oProxyCommand=x",
        "v1\nv2",
        "v1.0\n",
        "v0.9.8-beta.1\n",
        "v1.0\r",
        "v1.0\0",
        "v1.0\u2028",
        "v" + new string('1', 10_240),
        "v1.0.0-" + new string('a', 58),
        "",
        " v1.0",
        "v1.0 ",
        "1.0",
        "V1.0",
        "v1..0",
        "v1.0-",
        "v1.0-beta..1",
        "v1.0-beta_1",
        "v1.0-bêta",
        "v\uff11.0",
        "refs/tags/v1.0",
        "v1/../x",
        "v1.0^{}",
        "v1.0~1",
        "v1.0:x",
        "v1.$(id)",
        "v1.0`id`",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Hostile_names_fail_the_allow_list_as_usage_errors(string name)
    {
        TagName.IsValid(name).ShouldBeFalse();
        ReleaseVersion.TryParse(name, out _).ShouldBeFalse();
        var refused = Should.Throw<A0Exception>(() => TagName.Require(name));
        refused.ExitCode.ShouldBe(ExitCode.Usage);
        refused.Message.Length.ShouldBeLessThan(300);
        refused.Message.ShouldNotContain('\n');
        refused.Message.ShouldNotContain('\0');
    }

    [Fact]
    public void A_name_of_sixty_four_characters_is_the_longest_allowed() =>
        (TagName.IsValid("v1.0.0-" + new string('a', 57)), TagName.IsValid("v1.0.0-" + new string('a', 58))).ShouldBe((true, false));

    [Fact]
    public void A_tag_whose_number_overflows_is_not_a_release_version()
    {
        var huge = "v" + new string('9', 30);

        TagName.IsValid(huge).ShouldBeTrue();
        ReleaseVersion.TryParse(huge, out _).ShouldBeFalse();
    }
}
