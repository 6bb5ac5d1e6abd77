using A0.Config;
using A0.Demo;
using A0.Processes;
using A0.Storage;

namespace A0.Cli.Demo;

/// <summary>
/// The narrated demo: a sample upstream (bare repo + loopback GitHub-style API + wheels), a user's existing install of the oldest
/// release, and then a0 itself, run exactly as a user would type it. Its git and pip never see the user's configuration.
/// It leaves a home that keeps working once its API is gone: the config then lists releases from the bare repo.
/// </summary>
public sealed class DemoScript(CliEnvironment outer, string root)
{
    private const string Agent = "billy";
    private readonly TextWriter say = outer.Out;
    private int step;

    private string Home => Path.Combine(root, "home");
    private string AppPath => Path.Combine(root, "agent-zero");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw A0Exception.Precondition($"{root} is not empty; choose another --dir", "demo_dir_not_empty");
        }
        Directory.CreateDirectory(root);
        var samples = SamplesDirectory.Locate();

        Narrate("Build the sample upstream", "A bare git repo with tagged releases (annotated, lightweight, 4-part, prerelease) made from samples/, and wheels for its one dependency.");
        var upstream = await SampleUpstream.CreateAsync(samples, Path.Combine(root, "upstream"), cancellationToken).ConfigureAwait(false);
        var wheels = Path.Combine(root, "wheels");
        WheelBuilder.BuildAll(SamplesDirectory.WheelSources(samples), wheels);
        say.WriteLine($"   upstream: {upstream.BareRepoPath} ({string.Join(", ", upstream.Releases.Select(r => r.Tag))})");

        var environment = DemoVariables(wheels);
        var processes = new ProcessRunner(environment);
        var oldest = upstream.Releases[0].Tag;
        Narrate($"Install Agent Zero {oldest} the way users do today", "git clone, check out the release tag, make a venv, pip install, and add some user data.");
        await InstallLikeAUserAsync(processes, upstream.BareRepoPath, oldest, cancellationToken).ConfigureAwait(false);

        var target = Target(upstream);
        using (var api = GitHubApiServer.Start(upstream))
        {
            say.WriteLine($"   GitHub-style API on {api.BaseUrl} (loopback only)");
            var a0 = new DemoA0(environment, Home, say);
            await LifecycleAsync(a0, api, upstream, target).ConfigureAwait(false);
            await BrokenReleaseAsync(a0, upstream, samples, target, cancellationToken).ConfigureAwait(false);
        }

        Narrate("Keep the home working without the demo's API", "The loopback API stops with the demo, so the home now lists releases with git ls-remote on the sample's bare repo, which stays in the demo's directory.");
        UseLocalGitSource(upstream.BareRepoPath);
        await new DemoA0(environment, Home, say).RunAsync(["check-updates"]).ConfigureAwait(false);

        say.WriteLine();
        say.WriteLine($"Done. The home is left for you at {Home}, the app path at {AppPath}. Try:");
        foreach (var next in new[] { "status", "check-updates --allow-prerelease", "list-artifacts", $"verify-artifact {target}", "env ls app", "audit", "doctor" })
        {
            say.WriteLine($"  ./a0 --home {Home} {next}");
        }
        say.WriteLine($"  {AppPath}/.venv/bin/python {AppPath}/run_ui.py --port 50080   # the adopted install still runs, through its app path");
        return 0;
    }

    private static string Target(SampleUpstream upstream) => upstream.Releases.Where(r => !r.Prerelease).Last().Tag;

    private async Task LifecycleAsync(DemoA0 a0, GitHubApiServer api, SampleUpstream upstream, string target)
    {
        Narrate("Adopt the install", "init moves the checkout to <home>/releases/<tag>/, user data to <home>/data/, and makes the app path a symlink there. The app still starts the same way.");
        await a0.RunAsync(["init", "--repo", "agent0ai/agent-zero", "--app-path", AppPath, "--api-url", api.BaseUrl, "--clone-url", upstream.BareRepoPath, "--agent", Agent]).ConfigureAwait(false);
        LowerDiskThreshold();
        await a0.RunAsync(["status"]).ConfigureAwait(false);
        await a0.RunAsync(["explain-state"]).ConfigureAwait(false);

        Narrate("See what is new", "check-updates asks the release source and compares tags as versions.");
        await a0.RunAsync(["check-updates"]).ConfigureAwait(false);

        Narrate($"The agent asks for {target}; a human approves it", "The request is bound to the tag's commit; approve re-resolves the tag, so a moved tag would be caught.");
        await a0.RunAsync(["request-upgrade", target, "--notes", "newest stable release"], actor: Agent).ConfigureAwait(false);
        await a0.RunAsync(["approve", target], actor: Agent, expectedExit: 3).ConfigureAwait(false);
        await a0.RunAsync(["pending-approvals"]).ConfigureAwait(false);
        await a0.RunAsync(["approve", target]).ConfigureAwait(false);

        Narrate($"Stage {target}", "Clone the approved tag, check its commit, build its venv with pip, checksum tree and venv, write the manifest, publish the artifact. Production is untouched.");
        await a0.RunAsync(["begin-staging", target, "--dry-run"]).ConfigureAwait(false);
        await a0.RunAsync(["begin-staging", target]).ConfigureAwait(false);
        await a0.RunAsync(["list-artifacts"]).ConfigureAwait(false);
        await a0.RunAsync(["verify-artifact", target]).ConfigureAwait(false);
        await a0.RunAsync(["status"]).ConfigureAwait(false);

        Narrate($"Validate {target}", "The artifact's own code runs from a scratch release in $TMPDIR with empty user data: integrity, imports, config, tools, prompts, memory, and the app started on a loopback port until /api/health answers.");
        await a0.RunAsync(["validate"]).ConfigureAwait(false);
        await a0.RunAsync(["status"]).ConfigureAwait(false);

        Narrate($"Promote {target}", "Snapshot the user data, make releases/<tag>/ from the artifact, flip the app path in one rename, check health (it would roll back by itself). A human confirms.");
        await a0.RunAsync(["promote"]).ConfigureAwait(false);
        await a0.RunAsync(["status"]).ConfigureAwait(false);
        await a0.RunAsync(["confirm"], actor: Agent, expectedExit: 3).ConfigureAwait(false);
        await a0.RunAsync(["confirm"]).ConfigureAwait(false);
        await a0.RunAsync(["status"]).ConfigureAwait(false);
    }

    /// <summary>Upstream publishes a release that is broken: it fails validation and never reaches production; then a rollback.</summary>
    private async Task BrokenReleaseAsync(DemoA0 a0, SampleUpstream upstream, string samples, string target, CancellationToken cancellationToken)
    {
        const string broken = "v0.9.9";
        await upstream.AddReleaseAsync(new ReleaseMetadata(broken, Annotated: true, Prerelease: false, DateTimeOffset.Parse("2025-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            "Agent Zero v0.9.9: imports a library its requirements forgot"), SamplesDirectory.BrokenOverlay(samples, broken), cancellationToken).ConfigureAwait(false);
        Narrate($"Upstream publishes {broken}, which is broken", "Its models.py imports a library that requirements.txt does not install. It is approved and staged like any release; validation catches it before production sees it.");
        await a0.RunAsync(["check-updates"]).ConfigureAwait(false);
        await a0.RunAsync(["request-upgrade", broken], actor: Agent).ConfigureAwait(false);
        await a0.RunAsync(["approve", broken]).ConfigureAwait(false);
        await a0.RunAsync(["begin-staging", broken]).ConfigureAwait(false);
        await a0.RunAsync(["validate"], expectedExit: 1).ConfigureAwait(false);
        await a0.RunAsync(["status"]).ConfigureAwait(false);
        await a0.RunAsync(["clear-failure"]).ConfigureAwait(false);

        Narrate("Roll back, and forward again", "rollback goes to the newest known-good release that is not current, with the same snapshot, atomic switch and health check, and needs no release source; --to goes to any release still kept.");
        await a0.RunAsync(["rollback"]).ConfigureAwait(false);
        await a0.RunAsync(["status"]).ConfigureAwait(false);
        await a0.RunAsync(["rollback", "--to", target]).ConfigureAwait(false);

        Narrate("Check the record", "Every step is a hash-chained audit line; doctor checks the whole home.");
        await a0.RunAsync(["audit", "--tail", "8"]).ConfigureAwait(false);
        await a0.RunAsync(["audit", "verify"]).ConfigureAwait(false);
        await a0.RunAsync(["doctor"]).ConfigureAwait(false);
    }

    private async Task InstallLikeAUserAsync(ProcessRunner processes, string bareRepo, string tag, CancellationToken cancellationToken)
    {
        await Must(processes, "git", ["clone", "--quiet", "--", bareRepo, AppPath], null, cancellationToken).ConfigureAwait(false);
        await Must(processes, "git", ["-c", "advice.detachedHead=false", "checkout", "--quiet", tag], AppPath, cancellationToken).ConfigureAwait(false);
        await Must(processes, "python3", ["-m", "venv", ".venv"], AppPath, cancellationToken).ConfigureAwait(false);
        await Must(processes, Path.Combine(AppPath, ".venv", "bin", "python"), ["-m", "pip", "install", "--quiet", "-r", "requirements.txt"], AppPath, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(AppPath, "usr"));
        await File.WriteAllTextAsync(Path.Combine(AppPath, "usr", "settings.json"), "{\"chat_model\": \"sample\"}\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(AppPath, ".env"), "API_KEY_SAMPLE=not-a-real-key\n", cancellationToken).ConfigureAwait(false);
        say.WriteLine($"   {AppPath} at {tag}, .venv with a0dep, usr/settings.json and .env");
    }

    /// <summary>The demo home has little to stage; it asks for 64 MiB free instead of the default 2 GiB so it runs on small disks.</summary>
    private void LowerDiskThreshold()
    {
        EditConfig(config => config with { Staging = config.Staging with { MinFreeBytes = 64L * 1024 * 1024 } });
        say.WriteLine("   (demo: staging.min_free_bytes lowered to 64 MiB in .billy/config.json)");
    }

    private void UseLocalGitSource(string bareRepo)
    {
        EditConfig(config => config with { Source = "git", CloneUrl = bareRepo });
        say.WriteLine($"   (demo: source set to git, clone_url {bareRepo}, in .billy/config.json)");
    }

    private void EditConfig(Func<A0Config, A0Config> change)
    {
        var config = new MetadataStore(new Home.HomeLayout(Home)).Config;
        config.Write(change(config.Read()));
    }

    private static async Task Must(ProcessRunner processes, string file, IReadOnlyList<string> arguments, string? directory, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync(new ProcessSpec(file, arguments) { WorkingDirectory = directory, Timeout = TimeSpan.FromMinutes(5) }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw A0Exception.Failed($"{file} {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}", "demo_setup_failed");
    }

    private Dictionary<string, string?> DemoVariables(string wheels)
    {
        var variables = outer.Variables.Where(v => !v.Key.StartsWith("PIP_", StringComparison.Ordinal) && !v.Key.StartsWith("A0_", StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value);
        foreach (var (name, value) in DemoEnvironment.Git().Concat(DemoEnvironment.Pip(wheels))) variables[name] = value;
        return variables;
    }

    private void Narrate(string title, string why)
    {
        say.WriteLine();
        say.WriteLine($"== {++step}. {title}");
        say.WriteLine($"   {why}");
    }
}
