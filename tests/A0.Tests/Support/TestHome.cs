using System.Diagnostics;
using System.Text.Json.Nodes;

namespace A0.Tests.Support;

/// <summary>
/// A throw-away a0 home with a real git checkout of a tiny app at agent-zero/, and ways to run a0 on it:
/// the shipped tool as a real process (or in-process: see <see cref="A0Command"/>).
/// </summary>
public sealed class TestHome : IDisposable
{
    public TestHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "a0-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Variables every run of a0 on this home sees (before the per-run ones).</summary>
    public Dictionary<string, string?> Environment { get; } = new();
    public string AppPath => Path.Combine(Root, "agent-zero");
    public string Billy => Path.Combine(Root, ".billy");
    public string AuditLog => Path.Combine(Billy, "upgrade_history.log");

    public string BillyFile(string name) => Path.Combine(Billy, name);

    /// <summary>A git checkout at agent-zero/ whose HEAD carries the given tags (default v0.9.7 lightweight and v0.9.8 annotated), with user data.</summary>
    public TestHome WithCheckout(params (string Tag, bool Annotated)[] tags)
    {
        CreateCheckout(AppPath, tags);
        return this;
    }

    /// <summary>The checkout <see cref="WithCheckout"/> makes, at any directory (an app path outside the home).</summary>
    public static void CreateCheckout(string directory, params (string Tag, bool Annotated)[] tags)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "run_ui.py"), "import sys\nprint('agent zero running from', sys.argv[0])\n");
        File.WriteAllText(Path.Combine(directory, ".gitignore"), "usr/\nmemory/\n.env\n");
        Directory.CreateDirectory(Path.Combine(directory, "usr", "chats"));
        File.WriteAllText(Path.Combine(directory, "usr", "chats", "chat1.json"), "{\"hello\":1}");
        File.WriteAllText(Path.Combine(directory, ".env"), "API_KEY=secret\n");
        RunGit(directory, "init", "-q", "-b", "main");
        RunGit(directory, "add", "-A");
        RunGit(directory, "commit", "-qm", "release");
        foreach (var (tag, annotated) in tags.Length > 0 ? tags : [("v0.9.7", false), ("v0.9.8", true)])
        {
            if (annotated) RunGit(directory, "tag", "-a", tag, "-m", $"release {tag}");
            else RunGit(directory, "tag", tag);
        }
    }

    public string Git(params string[] arguments) => RunGit(AppPath, arguments);

    public static string RunGit(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Test";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
        return output;
    }

    public CliResult Init(params string[] extra) => Run(["init", "--repo", "agent0ai/agent-zero", "--clone-url", "/nonexistent.git", .. extra]);

    /// <summary>Runs a0 with --home and the given extra environment (A0_* from the test process are cleared): see <see cref="A0Command"/>.</summary>
    public CliResult Run(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        return A0Command.Run(Root, BaseEnvironment(environment), null, ["--home", Root, .. args]);
    }

    public CliResult Run(params string[] args) => Run(args, null);

    public CliResult RunAs(string agent, params string[] args) => Run(args, new Dictionary<string, string?> { ["A0_ACTOR"] = agent });

    public JsonObject Json(params string[] args)
    {
        var result = Run([.. args, "--json"]);
        return result.Json;
    }

    /// <summary>Starts a0 as a real process on this home, whatever A0_TESTS_IN_PROCESS says (locks, kills): see <see cref="A0Command.Start"/>.</summary>
    public Process Start(string[] args, IReadOnlyDictionary<string, string?>? environment = null, A0Executable? executable = null, string? asUser = null)
    {
        return A0Command.Start(Root, BaseEnvironment(environment), executable, asUser, ["--home", Root, .. args]);
    }

    public CliResult RunProcess(string[] args, IReadOnlyDictionary<string, string?>? environment = null, A0Executable? executable = null, string? asUser = null)
    {
        return A0Command.RunProcess(Start(args, environment, executable, asUser));
    }

    /// <summary>The log's entries; a damaged line (torn, not JSON) is left out.</summary>
    public IReadOnlyList<JsonObject> AuditEntries() =>
        File.Exists(AuditLog) ? File.ReadAllLines(AuditLog).Select(Entry).OfType<JsonObject>().ToList() : [];

    private static JsonObject? Entry(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public IReadOnlyList<string> AuditEventTypes() => AuditEntries().Select(e => e["event_type"]!.GetValue<string>()).ToList();

    private Dictionary<string, string?> BaseEnvironment(IReadOnlyDictionary<string, string?>? extra)
    {
        var variables = ProcessVariablesWithoutA0();
        foreach (var (name, value) in Environment.Concat(extra ?? new Dictionary<string, string?>())) variables[name] = value;
        return variables;
    }

    /// <summary>This test process's variables minus every A0_* (an A0_HOME or A0_ACTOR of the machine must not leak into a test).</summary>
    public static Dictionary<string, string?> ProcessVariablesWithoutA0()
    {
        var variables = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            // Nor a SUDO_UID of a suite run through sudo: a0 would take every test for a call through sudo.
            if (!name.StartsWith("A0_", StringComparison.Ordinal) && !name.StartsWith("SUDO_", StringComparison.Ordinal)) variables[name] = entry.Value as string;
        }
        return variables;
    }

    public void Dispose()
    {
        try
        {
            Process.Start("chmod", ["-R", "u+w", Root])?.WaitForExit();
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
