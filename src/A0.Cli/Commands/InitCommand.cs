using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Init;

namespace A0.Cli.Commands;

public static class InitCommand
{
    public static Command Create(Invocation invocation)
    {
        var repo = new Option<string>("--repo") { Description = "The upstream repository, OWNER/NAME", Required = true };
        var source = new Option<string>("--source") { Description = "Where releases are listed: github (REST API) or git (ls-remote)", DefaultValueFactory = _ => "github" };
        source.AcceptOnlyFromAmong("github", "git");
        var apiUrl = new Option<string?>("--api-url") { Description = "GitHub API base URL (Enterprise: https://host/api/v3)" };
        var cloneUrl = new Option<string?>("--clone-url") { Description = "git URL or path to clone releases from" };
        var python = new Option<string?>("--python") { Description = "Interpreter for release venvs (default python3)" };
        var appPath = new Option<string?>("--app-path") { Description = "The checkout you run Agent Zero from, anywhere (relative to the working directory; default <home>/agent-zero)" };
        var agent = new Option<string>("--agent") { Description = "The agent to register as observer", DefaultValueFactory = _ => "billy" };
        var agentUser = new Option<string?>("--agent-user") { Description = "The OS user the agent runs as" };
        var command = new Command("init", "Adopt the Agent Zero checkout at the app path (human)") { repo, source, apiUrl, cloneUrl, python, appPath, agent, agentUser };

        invocation.Bind(command, async scope =>
        {
            var context = scope.Context;
            var human = IdentityResolver.ResolveWithoutPolicy(context.OsUser, context.Variable(IdentityResolver.ActorVariable));
            AuthorityGuard.Require(human, AuthorityLevel.Human, "init");
            var result = await new InitService(context).RunAsync(human, new InitOptions(scope.Value(repo)!)
            {
                Source = scope.Value(source)!,
                ApiUrl = scope.Value(apiUrl),
                CloneUrl = scope.Value(cloneUrl),
                Python = scope.Value(python),
                AppPath = scope.Value(appPath) is { } given ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(given, invocation.Environment.WorkingDirectory)) : null,
                Agent = scope.Value(agent)!,
                AgentUser = scope.Value(agentUser),
            }, scope.Cancellation).ConfigureAwait(false);

            if (result.LocalChanges.Count > 0)
            {
                scope.Renderer.Warning($"local changes outside user data stay in releases/{result.Version} only:\n  " + string.Join("\n  ", result.LocalChanges));
            }
            if (result.OriginalKeptAt is { } original)
            {
                scope.Renderer.Warning($"{result.AppPath} was on another filesystem than the home, so init copied it; the original is kept at {original}. " +
                    $"An Agent Zero that was running keeps running from the original and writing its user data there: restart it from {result.AppPath}.");
            }
            var verb = result.Resumed ? "Finished the interrupted init of" : "Adopted";
            return new CommandOutput(new JsonObject
            {
                ["version"] = result.Version,
                ["commit_sha"] = result.CommitSha,
                ["home"] = context.Home.Root,
                ["app_path"] = result.AppPath,
                ["original_kept_at"] = result.OriginalKeptAt,
                ["local_changes"] = Json.Array(result.LocalChanges),
                ["resumed"] = result.Resumed,
            }, $"{verb} {result.Version} ({result.CommitSha[..12]}): {result.AppPath} -> {context.Home.Release(result.Version)}, user data in {context.Home.Data}. State: IDLE.");
        }, homeMayBeNew: true);
        return command;
    }
}
