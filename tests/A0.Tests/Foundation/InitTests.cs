using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class InitTests
{
    [Fact]
    public void I_can_adopt_a_checkout_whose_head_is_an_annotated_release_tag()
    {
        using var home = new TestHome().WithCheckout();

        var result = home.Init();

        result.ExitCode.ShouldBe(0, result.ToString());
        new FileInfo(home.AppPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", "v0.9.8"));
        File.ReadAllText(Path.Combine(home.Root, "data", "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        File.ReadAllText(Path.Combine(home.AppPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        File.ReadAllText(Path.Combine(home.AppPath, ".env")).ShouldBe("API_KEY=secret\n");
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        status["known_good_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("v0.9.8", "v0.9.8:annotated")]
    [InlineData("v0.9.8", "v0.9.8:lightweight")]
    [InlineData("v0.9.10", "v0.9.9:annotated", "v0.9.10:lightweight")]
    [InlineData("v1.0.0", "v1.0.0-rc.1:annotated", "v1.0.0:annotated", "v0.99:lightweight")]
    [InlineData("v0.9.8", "latest:lightweight", "v0.9.8:lightweight")]
    public void The_highest_release_tag_at_HEAD_is_adopted_whether_annotated_or_lightweight(string expected, params string[] tags)
    {
        using var home = new TestHome().WithCheckout([.. tags.Select(t => (t.Split(':')[0], t.EndsWith(":annotated", StringComparison.Ordinal)))]);
        var commit = home.Git("rev-parse", "HEAD").Trim();

        var result = home.Init("--json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Json["version"]!.GetValue<string>().ShouldBe(expected);
        result.Json["commit_sha"]!.GetValue<string>().ShouldBe(commit);
        new FileInfo(home.AppPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", expected));
        var version = home.Context().Metadata.Version.Read();
        version.CurrentVersion.ShouldBe(expected);
        version.CommitSha.ShouldBe(commit);
    }

    [Fact]
    public void Init_refuses_a_HEAD_that_is_not_a_release_tag_naming_the_nearest_tag_and_writes_nothing()
    {
        using var home = new TestHome().WithCheckout();
        File.AppendAllText(Path.Combine(home.AppPath, "run_ui.py"), "# work in progress\n");
        home.Git("commit", "-qam", "after the release");
        var before = Snapshot(home);

        var result = home.Init("--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("not_a_release");
        result.Json["message"]!.GetValue<string>().ShouldContain("the nearest tag is v0.9.8");
        Snapshot(home).ShouldBe(before);
        Directory.EnumerateFileSystemEntries(home.Root).Select(Path.GetFileName).ShouldBe(["agent-zero"]);
    }

    [Fact]
    public void Init_refuses_a_checkout_without_any_tag()
    {
        using var home = new TestHome().WithCheckout(("latest", false));

        var result = home.Init();

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Error.ShouldContain("is not exactly a release tag");
        Directory.Exists(home.Billy).ShouldBeFalse();
        new FileInfo(home.AppPath).LinkTarget.ShouldBeNull();
    }

    [Fact]
    public void User_data_moves_to_data_once_and_stays_reachable_through_the_app_path()
    {
        using var home = new TestHome().WithCheckout();
        Write(home.AppPath, "memory/default/index.faiss", "vectors");
        Write(home.AppPath, "knowledge/custom/main/notes.md", "# mine");
        Write(home.AppPath, "logs/app.log", "a log line");

        home.Init().ExitCode.ShouldBe(0);

        var data = Path.Combine(home.Root, "data");
        var release = Path.Combine(home.Root, "releases", "v0.9.8");
        foreach (var (path, content) in new[]
        {
            ("usr/chats/chat1.json", "{\"hello\":1}"), (".env", "API_KEY=secret\n"), ("memory/default/index.faiss", "vectors"),
            ("knowledge/custom/main/notes.md", "# mine"), ("logs/app.log", "a log line"),
        })
        {
            File.ReadAllText(Path.Combine(data, path)).ShouldBe(content);
            File.ReadAllText(Path.Combine(home.AppPath, path)).ShouldBe(content);
        }
        foreach (var path in new[] { "usr", ".env", "memory", "knowledge/custom", "logs", "tmp", "instruments/custom" })
        {
            new FileInfo(Path.Combine(release, path)).LinkTarget.ShouldNotBeNull($"{path} should be a link into data/");
            Path.GetFullPath(new FileInfo(Path.Combine(release, path)).LinkTarget!, Path.GetDirectoryName(Path.Combine(release, path))!)
                .ShouldBe(Path.Combine(data, path));
        }
        File.WriteAllText(Path.Combine(home.AppPath, "usr", "chats", "chat2.json"), "new");
        File.ReadAllText(Path.Combine(data, "usr", "chats", "chat2.json")).ShouldBe("new");
    }

    [Fact]
    public void The_app_still_runs_through_the_app_path_with_its_venv_after_init()
    {
        using var home = new TestHome().WithCheckout();
        HomeFixtures.Exec(home.Root, "python3", "-m", "venv", "--without-pip", "agent-zero/.venv");
        File.AppendAllText(Path.Combine(home.AppPath, ".git", "info", "exclude"), ".venv/\n");

        var init = home.Init("--json");

        init.ExitCode.ShouldBe(0, init.ToString());
        init.Json["local_changes"]!.AsArray().ShouldBeEmpty();
        var python = Path.Combine(home.AppPath, ".venv", "bin", "python");
        HomeFixtures.Exec(home.Root, python, "agent-zero/run_ui.py").ShouldBe("agent zero running from agent-zero/run_ui.py\n");
        HomeFixtures.Exec(home.Root, python, "-c", "import sys; print(sys.prefix != sys.base_prefix, sys.prefix)")
            .Trim().ShouldBe($"True {Path.Combine(home.Root, "agent-zero", ".venv")}");
    }

    [Fact]
    public void Local_changes_outside_user_data_are_listed_as_a_warning_and_audited()
    {
        using var home = new TestHome().WithCheckout();
        File.AppendAllText(Path.Combine(home.AppPath, "run_ui.py"), "print('patched')\n");
        Write(home.AppPath, "extra.py", "print('mine')\n");
        Write(home.AppPath, "logs/app.log", "user data, not a change");

        var result = home.Init();

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Error.ShouldContain("a0: warning: local changes outside user data stay in releases/v0.9.8 only");
        result.Error.ShouldContain("M run_ui.py");
        result.Error.ShouldContain("?? extra.py");
        result.Error.ShouldNotContain("app.log");
        var adopted = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "adopted_with_local_changes");
        adopted["version"]!.GetValue<string>().ShouldBe("v0.9.8");
        adopted["details"]!["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["M run_ui.py", "?? extra.py"], ignoreOrder: true);
        File.ReadAllText(Path.Combine(home.Root, "releases", "v0.9.8", "run_ui.py")).ShouldEndWith("print('patched')\n");
    }

    [Fact]
    public void A_clean_checkout_is_adopted_without_a_local_changes_event()
    {
        using var home = new TestHome().WithCheckout();

        home.Init().Error.ShouldNotContain("local changes");

        home.AuditEventTypes().ShouldBe(["init_started", "release_adopted", "initialization"]);
    }

    [Fact]
    public void Init_twice_exits_4_and_changes_nothing()
    {
        using var home = HomeFixtures.Initialised();
        var before = home.MetadataBytes("upgrade_history.log", "audit_head.json");

        var result = home.Init("--json");

        result.ExitCode.ShouldBe(4, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("already_initialized");
        home.MetadataBytes("upgrade_history.log", "audit_head.json").ShouldBeUnchangedFrom(before);
        new FileInfo(home.AppPath).LinkTarget.ShouldBe(Path.Combine(home.Root, "releases", "v0.9.8"));
    }

    [Theory]
    [InlineData("repo: 'not-a-repo' is not OWNER/NAME", "--repo", "not-a-repo")]
    [InlineData("app_path: '/' must be an absolute path", "--repo", "agent0ai/agent-zero", "--app-path", "/")]
    [InlineData("'svn' is not one of: github, git", "--repo", "agent0ai/agent-zero", "--source", "svn")]
    public void An_invalid_init_option_is_a_usage_error_that_writes_nothing(string message, params string[] options)
    {
        using var home = new TestHome().WithCheckout();

        var result = home.Run(["init", .. options]);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Error.ShouldContain(message);
        Directory.EnumerateFileSystemEntries(home.Root).Select(Path.GetFileName).ShouldBe(["agent-zero"]);
    }

    [Fact]
    public void An_agent_cannot_init()
    {
        using var home = new TestHome().WithCheckout();

        var result = home.Run(["init", "--repo", "agent0ai/agent-zero"], new Dictionary<string, string?> { ["A0_ACTOR"] = "billy" });

        result.ExitCode.ShouldBe(3, result.ToString());
        Directory.Exists(home.Billy).ShouldBeFalse();
    }

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Every path under the home with its kind and content, .git included, to prove a refusal touched nothing.</summary>
    private static List<string> Snapshot(TestHome home) =>
        Directory.EnumerateFileSystemEntries(home.Root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => File.Exists(path) ? $"{path} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))}" : path)
            .ToList();
}
