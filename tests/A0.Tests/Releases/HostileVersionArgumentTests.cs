using System.Security.Cryptography;
using A0.Tests.Support;

namespace A0.Tests.Releases;

public sealed class HostileVersionArgumentTests
{
    public static TheoryData<string> HostileNames() =>
    [
        "v1; rm -rf ~",
        "../x",
        "-oProxyCommand=x",
        "v1\nv2",
        "v0.9.8\n",
        "v" + new string('1', 10_240),
        "v1.0.0-" + new string('a', 58),
        "v1.0^{}",
        "v1.0 ",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Every_command_taking_a_version_refuses_a_hostile_one_with_exit_2_and_writes_nothing(string name)
    {
        using var home = new TestHome().WithCheckout();
        home.Init().ExitCode.ShouldBe(0);
        var before = Snapshot(home.Root);
        var auditLines = home.AuditEntries().Count;

        string[][] commands =
        [
            ["request-upgrade", name],
            ["request-upgrade", "--allow-prerelease", "--", name],
            ["approve", name],
            ["approve", "--self", "--", name],
            ["deny", name, "--reason", "no"],
            ["approval-statement", name],
            ["begin-staging", name],
            ["begin-staging", "--dry-run", "--", name],
            ["verify-artifact", name],
        ];
        foreach (var command in commands)
        {
            var text = home.Run(command);
            var json = home.Run([command[0], "--json", .. command[1..]]);

            text.ExitCode.ShouldBe(2, text.ToString());
            text.Out.ShouldBeEmpty();
            text.Error.Length.ShouldBeLessThan(400, text.Error);
            text.Error.TrimEnd('\n').ShouldNotContain('\n');
            json.ExitCode.ShouldBe(2, json.ToString());
            json.Json["status"]!.GetValue<string>().ShouldBe("error");
            json.Json["code"]!.GetValue<string>().ShouldBe("usage");
        }

        home.AuditEntries().Count.ShouldBe(auditLines);
        Snapshot(home.Root).ShouldBe(before);
    }

    /// <summary>Every file and directory of the home (links not followed) with its size, mtime and content hash.</summary>
    private static Dictionary<string, string> Snapshot(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFileSystemEntries(root, "*", options).ToDictionary(
            path => Path.GetRelativePath(root, path),
            path => Directory.Exists(path)
                ? "dir"
                : $"{new FileInfo(path).Length} {File.GetLastWriteTimeUtc(path).Ticks} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}");
    }
}
