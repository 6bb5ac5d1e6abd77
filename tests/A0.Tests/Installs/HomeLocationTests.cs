using A0.Home;
using A0.Processes;
using A0.Tests.Support;

namespace A0.Tests.Installs;

/// <summary>Which home a command uses (CONTRACT §1): --home, $A0_HOME, or the default home; never one found above the working directory.</summary>
public sealed class HomeLocationTests
{
    [Theory]
    [InlineData(0, "/srv/xdg", "/var/lib/a0")]
    [InlineData(1000, "/srv/xdg", "/srv/xdg/a0")]
    [InlineData(1000, "relative/xdg", "/home/someone/.local/share/a0")]
    [InlineData(1000, "", "/home/someone/.local/share/a0")]
    [InlineData(1000, null, "/home/someone/.local/share/a0")]
    public void The_default_home_is_var_lib_a0_for_root_else_XDG_DATA_HOME_when_absolute_else_in_the_passwd_home(int uid, string? xdgDataHome, string expected)
    {
        HomeLocator.DefaultHome(uid, xdgDataHome, _ => "/home/someone").ShouldBe(expected);
    }

    [Fact]
    public void The_passwd_home_comes_from_the_passwd_entry_not_from_HOME()
    {
        var entry = HomeFixtures.Exec("/", "getent", "passwd", "0").Trim().Split(':');

        UnixUser.HomeDirectory(0).ShouldBe(entry[5]);
        UnixUser.HomeDirectory(int.MaxValue - 7).ShouldBeNull();
    }

    [Fact]
    public void A_command_run_inside_a_managed_home_without_home_or_A0_HOME_does_not_use_it()
    {
        using var home = HomeFixtures.Initialised();
        using var elsewhere = new TempDirectory();
        var audited = home.AuditCount();

        foreach (var directory in new[] { home.Root, home.Billy, Path.Combine(home.Root, "releases", "v0.9.8"), home.AppPath })
        {
            var result = A0Command.Run(directory, A0Command.Variables(("XDG_DATA_HOME", elsewhere.Path)), A0Command.NotRoot, "status", "--json");

            result.ExitCode.ShouldBe(4, result.ToString());
            result.Json["code"]!.GetValue<string>().ShouldBe("not_initialized");
            result.Json["message"]!.GetValue<string>().ShouldContain($"no a0 home at {Path.Combine(elsewhere.Path, "a0")} (the default home for uid {A0Command.NotRoot})");
        }
        home.AuditCount().ShouldBe(audited);
    }

    [Fact]
    public void A_home_named_by_home_or_A0_HOME_that_holds_no_metadata_is_exit_4_naming_it()
    {
        using var empty = new TempDirectory();

        var byOption = A0Command.Run("/", A0Command.Variables(), null, "--home", empty.Path, "status");
        var byVariable = A0Command.Run("/", A0Command.Variables(("A0_HOME", empty.Path)), null, "status");

        byOption.ExitCode.ShouldBe(4, byOption.ToString());
        byOption.Error.ShouldContain($"no a0 home at {empty.Path} (--home)");
        byVariable.ExitCode.ShouldBe(4, byVariable.ToString());
        byVariable.Error.ShouldContain($"no a0 home at {empty.Path} ($A0_HOME)");
        Directory.EnumerateFileSystemEntries(empty.Path).ShouldBeEmpty();
    }
}
