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

    [Fact]
    public async Task A_fifo_socket_or_device_is_refused_without_being_opened()
    {
        using var home = WithFiles();
        HomeFixtures.Exec(home.Root, "mkfifo", Path.Combine(Release(home), "pipe"));
        HomeFixtures.Exec(home.Root, "python3", "-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", Path.Combine(Release(home), "agent.sock"));

        // A fifo opened for reading would wait for a writer forever; the bound only stops a broken a0 from hanging the suite.
        var fifo = await Task.Run(() => home.Run("env", "cat", "app/pipe", "--json"), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        fifo.ExitCode.ShouldBe(4, fifo.ToString());
        fifo.Json["code"]!.GetValue<string>().ShouldBe("path_refused");
        fifo.Json["message"]!.GetValue<string>().ShouldContain("is a fifo");
        home.Run("env", "cat", "app/agent.sock", "--json").Json["message"]!.GetValue<string>().ShouldContain("is a socket");
        Entries(home, "ls", "app").ShouldContain("app/pipe");
    }

    [Fact]
    public void Git_config_is_never_listed_or_shown_and_a_url_password_is_starred()
    {
        using var home = WithFiles();
        var git = Path.Combine(Release(home), ".git");
        File.WriteAllText(Path.Combine(git, "config"), "[remote \"origin\"]\n\turl = https://x-access-token:ghp_SECRET123@github.com/agent0ai/agent-zero.git\n");
        File.WriteAllText(Path.Combine(Release(home), "mirrors.txt"), "primary https://mirror-user:hunter2@mirror.example/agent-zero.git\nsecond ftp://anon@ftp.example/a0\n");
        File.CreateSymbolicLink(Path.Combine(Release(home), "innocent.txt"), ".git/config");

        Entries(home, "ls", "app/.git").ShouldContain("app/.git/HEAD");
        Entries(home, "ls", "app/.git").ShouldNotContain("app/.git/config");
        Entries(home, "find", "config").ShouldBeEmpty();
        foreach (var path in new[] { "app/.git/config", "app/innocent.txt" })
        {
            var cat = home.Run("env", "cat", path, "--json");
            cat.ExitCode.ShouldBe(4, $"{path}: {cat}");
            cat.Out.ShouldNotContain("ghp_SECRET123");
        }
        var mirrors = home.Json("env", "cat", "app/mirrors.txt")["content"]!.GetValue<string>();
        mirrors.ShouldBe("primary https://***@mirror.example/agent-zero.git\nsecond ftp://***@ftp.example/a0\n");
        home.Run("env", "cat", "app/mirrors.txt").Out.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Files_named_like_env_files_are_never_listed_found_or_shown()
    {
        using var home = WithFiles();
        Directory.CreateDirectory(Path.Combine(Release(home), "conf"));
        File.WriteAllText(Path.Combine(Release(home), "conf", "secrets.env"), "TOKEN=PRIVATE-MATERIAL\n");
        File.WriteAllText(Path.Combine(Release(home), "conf", "PROD.ENV"), "TOKEN=PRIVATE-MATERIAL\n");

        Entries(home, "find", "*.env").ShouldBeEmpty();
        Entries(home, "find", "*.ENV").ShouldBeEmpty();
        Entries(home, "ls", "app/conf").ShouldBeEmpty();
        home.Run("env", "cat", "app/conf/secrets.env").ExitCode.ShouldBe(4);
    }

    [Fact]
    public void A_file_that_is_not_utf8_text_is_binary_and_refused()
    {
        using var home = WithFiles();
        File.WriteAllBytes(Path.Combine(Release(home), "latin1.txt"), [0x63, 0x61, 0x66, 0xe9, 0x0a]);

        var cat = home.Run("env", "cat", "app/latin1.txt", "--json");

        cat.ExitCode.ShouldBe(4, cat.ToString());
        cat.Json["message"]!.GetValue<string>().ShouldContain("binary");
    }

    [Fact]
    public void Nothing_deeper_than_three_levels_is_shown_or_listed()
    {
        using var home = WithFiles();
        File.CreateSymbolicLink(Path.Combine(Release(home), "shortcut.md"), "docs/guide/deeper/hidden.md");

        home.Run("env", "cat", "app/docs/guide/intro.md").ExitCode.ShouldBe(0);
        home.Run("env", "cat", "app/docs/guide/deeper/hidden.md").ExitCode.ShouldBe(4);
        home.Run("env", "ls", "app/docs/guide/deeper").ExitCode.ShouldBe(4);
        home.Run("env", "cat", "app/shortcut.md").ExitCode.ShouldBe(4);
        Entries(home, "ls", "app/docs/guide").ShouldContain("app/docs/guide/deeper/");
    }

    [Fact]
    public void Env_cat_keeps_newlines_and_tabs_and_escapes_every_other_control_character()
    {
        using var home = WithFiles();
        File.WriteAllText(Path.Combine(Release(home), "notes.txt"), "first\tline\nsecond \u001b[31mred\u001b[0m \u202eevil\r\n");

        var text = home.Run("env", "cat", "app/notes.txt");

        text.ExitCode.ShouldBe(0, text.ToString());
        text.Out.ShouldBe("first\tline\nsecond \\u{001B}[31mred\\u{001B}[0m \\u{202E}evil\\u{000D}\n");
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
