
namespace A0.Tests.Support;

/// <summary>A staging home whose v0.9.8 is staged and validated, ready to promote, with user data of every kind the user keeps.</summary>
public static class PromotionHome
{
    /// <param name="version">The release staged and validated.</param>
    /// <param name="before">What the test does to the home first, in IDLE (e.g. grant an agent executor).</param>
    public static async Task<StagingHome> ValidatedAsync(string version = "v0.9.8", Action<StagingHome>? before = null)
    {
        var staging = await StagingHome.CreateAsync();
        staging.Home.Environment["PYTHONDONTWRITEBYTECODE"] = null;
        staging.Configure(config => config with { Validation = config.Validation with { HealthTimeoutSeconds = 30 } });
        OddUserData(Path.Combine(staging.Home.Root, "data"));
        before?.Invoke(staging);
        staging.Approve(version);
        staging.Stage(version).ExitCode.ShouldBe(0);
        var validate = staging.Home.Run("validate");
        validate.ExitCode.ShouldBe(0, validate.ToString());
        return staging;
    }

    /// <summary>What Agent Zero users keep: settings, chats, memory, knowledge, a secret, an editor's dangling lock link, a whole conda env, a fifo and a socket.</summary>
    public static void OddUserData(string data)
    {
        Write(data, "usr/settings.json", "{\"chat_model\": \"sample\"}");
        Write(data, "usr/chats/chat1.json", "{\"messages\": []}");
        Write(data, "memory/default/index.faiss", "binary-ish \u0001\u0002 memory");
        Write(data, "knowledge/custom/doc.md", "# notes\n");
        Write(data, ".env", "API_KEY=sk-real-secret\n");
        File.CreateSymbolicLink(Path.Combine(data, "usr", ".#notes.md"), "user@host.123:456");
        Write(data, "usr/conda/envs/tools/lib/site.py", "print('conda')\n");
        File.CreateSymbolicLink(Path.Combine(data, "usr", "conda", "envs", "tools", "python"), "/usr/bin/python3");
        HomeFixtures.Exec(data, "mkfifo", Path.Combine(data, "usr", "pipe"));
        HomeFixtures.Exec(data, "python3", "-c", $"import socket; socket.socket(socket.AF_UNIX).bind('{Path.Combine(data, "usr", "agent.sock")}')");
    }

    private static void Write(string data, string path, string content)
    {
        var full = Path.Combine(data, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
