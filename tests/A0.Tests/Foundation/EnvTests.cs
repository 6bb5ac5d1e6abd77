using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class EnvTests
{
    [Fact]
    public void Env_ls_shows_the_two_roots_and_the_live_release()
    {
        using var home = WithFiles();

        home.Json("env", "ls")["entries"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["app/", ".billy/"]);
        var app = Entries(home, "ls", "app");
        app.ShouldContain("app/run_ui.py");
        app.ShouldContain("app/docs/");
        home.RunAs("billy", "env", "cat", "app/run_ui.py").Out.ShouldContain("agent zero running");
    }

    [Fact]
    public void Secrets_are_never_listed_shown_or_found()
    {
        using var home = WithFiles();

        var listed = Entries(home, "ls", "app").Concat(Entries(home, "ls", "app/certs")).Concat(Entries(home, "find", "*")).ToList();

        listed.ShouldNotContain(e => e.Contains(".env") || e.Contains(".pem") || e.Contains(".key"));
        Entries(home, "find", "*.pem").ShouldBeEmpty();
        Entries(home, "find", "*.key").ShouldBeEmpty();
        foreach (var path in new[] { "app/.env", "app/certs/server.pem", "app/certs/id.key", "app/certs/ID.KEY" })
        {
            var cat = home.Run("env", "cat", path, "--json");
            cat.ExitCode.ShouldBe(4, $"{path}: {cat}");
            cat.Json["code"]!.GetValue<string>().ShouldBe("path_refused");
            cat.Out.ShouldNotContain("PRIVATE-MATERIAL");
        }
    }

    [Fact]
    public void A_secret_is_not_shown_through_an_innocent_looking_symlink()
    {
        using var home = WithFiles();
        File.CreateSymbolicLink(Path.Combine(Release(home), "notes.txt"), "certs/server.pem");

        var cat = home.Run("env", "cat", "app/notes.txt", "--json");

        cat.ExitCode.ShouldBe(4, cat.ToString());
        cat.Out.ShouldNotContain("PRIVATE-MATERIAL");
    }

    [Fact]
    public void A_symlink_leaving_the_roots_is_listed_but_not_followed()
    {
        using var home = WithFiles();
        File.CreateSymbolicLink(Path.Combine(Release(home), "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(Release(home), "etc"), "/etc");

        var listed = Entries(home, "ls", "app");

        listed.ShouldContain("app/passwd -> /etc/passwd (outside, not followed)");
        listed.ShouldContain("app/etc -> /etc (outside, not followed)");
        listed.ShouldContain(e => e.StartsWith("app/usr -> ", StringComparison.Ordinal) && e.EndsWith("(outside, not followed)", StringComparison.Ordinal));
        home.Run("env", "cat", "app/passwd").ExitCode.ShouldBe(4);
        home.Run("env", "ls", "app/etc").ExitCode.ShouldBe(4);
        home.Run("env", "cat", "app/etc/hostname").ExitCode.ShouldBe(4);
        home.Run("env", "cat", "app/usr/chats/chat1.json").ExitCode.ShouldBe(4);
        Entries(home, "find", "hostname").ShouldBeEmpty();
        home.Run("env", "cat", "app/../.billy/config.json").ExitCode.ShouldBe(2);
        home.Run("env", "cat", "/etc/passwd").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void A_binary_file_is_refused()
    {
        using var home = WithFiles();
        File.WriteAllBytes(Path.Combine(Release(home), "model.bin"), [0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]);

        var cat = home.Run("env", "cat", "app/model.bin", "--json");

        cat.ExitCode.ShouldBe(4, cat.ToString());
        cat.Json["message"]!.GetValue<string>().ShouldContain("binary");
    }

    [Fact]
    public void A_long_file_is_cut_at_64_KiB_with_a_warning()
    {
        using var home = WithFiles();
        File.WriteAllText(Path.Combine(Release(home), "big.log"), new string('x', 100 * 1024));

        var json = home.Json("env", "cat", "app/big.log");
        var text = home.Run("env", "cat", "app/big.log");

        json["content"]!.GetValue<string>().Length.ShouldBe(64 * 1024);
        json["truncated"]!.GetValue<bool>().ShouldBeTrue();
        text.Error.ShouldContain("longer than 64 KiB");
        home.Json("env", "cat", "app/run_ui.py")["truncated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public void The_metadata_cache_is_hidden()
    {
        using var home = WithFiles();
        Directory.CreateDirectory(Path.Combine(home.Billy, "cache"));
        File.WriteAllText(Path.Combine(home.Billy, "cache", "releases.json"), "{\"etag\": \"x\"}");

        var billy = Entries(home, "ls", ".billy");

        billy.ShouldContain(".billy/state.json");
        billy.ShouldNotContain(e => e.Contains("cache"));
        Entries(home, "find", "releases.json").ShouldBeEmpty();
        home.Run("env", "ls", ".billy/cache").ExitCode.ShouldBe(4);
        home.Run("env", "cat", ".billy/cache/releases.json").ExitCode.ShouldBe(4);
        home.Json("env", "cat", ".billy/state.json")["content"]!.GetValue<string>().ShouldContain("\"state\": \"IDLE\"");
    }

    [Fact]
    public void Find_goes_three_levels_deep_and_no_further()
    {
        using var home = WithFiles();

        var found = Entries(home, "find", "*.md");

        found.ShouldContain("app/docs/guide/intro.md");
        found.ShouldNotContain("app/docs/guide/deeper/hidden.md");
    }

    private static TestHome WithFiles()
    {
        var home = HomeFixtures.Initialised();
        var release = Release(home);
        Directory.CreateDirectory(Path.Combine(release, "certs"));
        File.WriteAllText(Path.Combine(release, "certs", "server.pem"), "PRIVATE-MATERIAL pem");
        File.WriteAllText(Path.Combine(release, "certs", "id.key"), "PRIVATE-MATERIAL key");
        File.WriteAllText(Path.Combine(release, "certs", "ID.KEY"), "PRIVATE-MATERIAL key");
        File.WriteAllText(Path.Combine(release, "certs", "readme.txt"), "certificates live here");
        Directory.CreateDirectory(Path.Combine(release, "docs", "guide", "deeper"));
        File.WriteAllText(Path.Combine(release, "docs", "guide", "intro.md"), "# intro");
        File.WriteAllText(Path.Combine(release, "docs", "guide", "deeper", "hidden.md"), "# too deep");
        return home;
    }

    private static string Release(TestHome home) => Path.Combine(home.Root, "releases", "v0.9.8");

    private static List<string> Entries(TestHome home, params string[] args)
    {
        var result = home.Run(["env", .. args, "--json"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        var key = args[0] == "find" ? "matches" : "entries";
        return result.Json[key]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
    }
}
