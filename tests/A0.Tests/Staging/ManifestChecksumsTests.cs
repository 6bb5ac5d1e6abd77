using System.Text;
using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Staging;
using A0.Tests.Support;

namespace A0.Tests.Staging;

/// <summary>The manifest's checksum maps are read compactly (in byte order of their paths) and written as before.</summary>
public sealed class ManifestChecksumsTests : IDisposable
{
    // Recipe order: byte order of the UTF-8 paths.
    private static readonly string[] Paths = ["<html>&'+.txt", "a\"quoted\\name", "a-b.txt", "a/b.txt", "caf\u00E9/menu.txt", "tab\there", "\uFB01le.txt", "\U0001F600.txt"];

    private readonly TempDirectory build = new("a0-manifest");

    public void Dispose() => build.Dispose();

    [Fact]
    public void Maps_read_back_equal_in_recipe_order_and_write_out_the_same_bytes()
    {
        var file = ArtifactStore.ManifestOf(build.Path);
        file.Write(Manifest(Paths.ToDictionary(path => path, Hash)));
        var written = File.ReadAllBytes(file.Path);

        var read = file.Read();

        read.Checksums.Files.Keys.ShouldBe(Paths);
        read.Checksums.Files.ShouldAllBe(entry => entry.Value == Hash(entry.Key));
        read.Checksums.Kinds["caf\u00E9/menu.txt"].ShouldBe("f");
        read.Checksums.Files.ContainsKey("missing").ShouldBeFalse();
        file.Write(read);
        File.ReadAllBytes(file.Path).ShouldBe(written);
    }

    [Fact]
    public void Maps_in_any_order_read_in_recipe_order()
    {
        var file = ArtifactStore.ManifestOf(build.Path);
        file.Write(Manifest(Paths.Reverse().ToDictionary(path => path, Hash)));

        file.Read().Checksums.Files.Keys.ShouldBe(Paths);
    }

    [Theory]
    [InlineData("{\"a.txt\": \"x\", \"a.txt\": \"y\"}", "a path appears twice")]
    [InlineData("{\"a.txt\": 5}", "is not a string")]
    [InlineData("[\"a.txt\"]", "expected an object")]
    public void A_repeated_path_or_a_value_that_is_not_a_string_makes_the_manifest_invalid(string files, string problem)
    {
        var file = ArtifactStore.ManifestOf(build.Path);
        file.Write(Manifest(new Dictionary<string, string> { ["a.txt"] = Hash("a.txt") }));
        var json = JsonNode.Parse(File.ReadAllText(file.Path))!;
        var text = json.ToJsonString().Replace(json["checksums"]!["files"]!.ToJsonString(), files, StringComparison.Ordinal);
        File.WriteAllText(file.Path, text);

        var failure = Should.Throw<A0Exception>(() => file.Read());

        failure.ExitCode.ShouldBe(ExitCode.Integrity);
        failure.Code.ShouldBe("invalid_metadata");
        failure.Message.ShouldContain("checksums.files");
        failure.Message.ShouldContain(problem);
    }

    private static string Hash(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(path)));

    private static StagingManifest Manifest(Dictionary<string, string> files) => new()
    {
        Version = "v0.9.8",
        BuiltAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        SourceUrl = "/upstream.git",
        CommitSha = new string('a', 40),
        BuildId = "v0.9.8_20260102T030405Z_abcdef",
        BuildLogPath = "/logs/build.log",
        PythonVersion = "Python 3.11.7",
        SizeBytes = 1,
        Checksums = new ManifestChecksums("sha256", files, files.ToDictionary(entry => entry.Key, _ => "f"), "0"),
        VenvChecksums = new ManifestVenvChecksums(new Dictionary<string, string>(), new Dictionary<string, string>()),
        VirtualenvHash = "0",
    };
}
