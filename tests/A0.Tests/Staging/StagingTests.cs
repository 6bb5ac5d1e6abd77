using System.Text.Json.Nodes;
using A0.Tests.Support;

namespace A0.Tests.Staging;

public sealed class StagingTests
{
    [Theory]
    [InlineData("v0.9.8", false)]
    [InlineData("v0.9.8.1", true)]
    public async Task I_can_stage_an_approved_release_from_a_lightweight_or_annotated_tag(string version, bool annotated)
    {
        await using var staging = await StagingHome.CreateAsync();
        var production = staging.ProductionDigest();
        staging.Approve(version);

        var result = staging.Stage(version, "--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        var build = staging.BuildOf(version).ShouldNotBeNull();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(build, "manifest.json")))!.AsObject();
        manifest["version"]!.GetValue<string>().ShouldBe(version);
        manifest["commit_sha"]!.GetValue<string>().ShouldBe(staging.Upstream[version].CommitSha);
        (manifest["tag_object_sha"]?.GetValue<string>() is not null).ShouldBe(annotated);
        manifest["checksums"]!["tree_hash"]!.GetValue<string>().ShouldBe(result.Json["tree_hash"]!.GetValue<string>());
        Directory.Exists(Path.Combine(build, "tree", ".git")).ShouldBeTrue();
        staging.LeftoverTempDirs().ShouldBeEmpty();
        staging.ProductionDigest().ShouldBe(production);
        staging.Home.AuditEventTypes().ShouldContain("artifact_stored");
        staging.Home.Json("status")["state"]!.GetValue<string>().ShouldBe("VALIDATING");
        staging.Home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }
}
