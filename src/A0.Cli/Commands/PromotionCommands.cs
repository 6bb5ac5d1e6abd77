using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Cli.Output;
using A0.Operations;
using A0.Promotion;
using A0.Releases;
using A0.State;

namespace A0.Cli.Commands;

/// <summary>promote, confirm and rollback (CONTRACT §7).</summary>
public static class PromotionCommands
{
    public static Command Promote(Invocation invocation)
    {
        var probation = new Option<string?>("--probation") { Description = "Keep checking health this long before declaring success, e.g. 30s, 10m, 1h" };
        var noSnapshot = new Option<bool>("--no-snapshot") { Description = "Switch without a snapshot of user data (when it is above snapshot.max_bytes)" };
        var command = new Command("promote", "Switch production to the validated artifact; roll back by itself if it is not healthy (executor)") { probation, noSnapshot };
        invocation.Bind(command, async scope =>
        {
            var period = scope.Value(probation) is { } text ? Duration(text) : TimeSpan.Zero;
            using var session = CommandSession.Mutating(scope.Context, "promote", AuthorityLevel.Executor);
            var result = await new PromotionService(session).PromoteAsync(period, scope.Value(noSnapshot)).ConfigureAwait(false);
            var restart = scope.Context.Metadata.Config.Read().Service.Manages
                ? "a0 restarted the app"
                : "restart Agent Zero to run it (a0 restarts nothing without service.restart_command)";
            return Render(result, $"Promoted {result.ToVersion} (was {result.FromVersion}): the app path points at it and it passed its health check; {restart}. State: COMPLETE; a human runs `a0 confirm` (or `a0 rollback`).");
        });
        return command;
    }

    public static Command Confirm(Invocation invocation)
    {
        var command = new Command("confirm", "Accept the live release as known-good: COMPLETE → IDLE (human)");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.Mutating(scope.Context, "confirm", AuthorityLevel.Human);
            var version = new ConfirmService(session).Confirm();
            return CommandOutput.Of($"Confirmed {version}: it is the known-good version now. State: IDLE.", new JsonObject { ["known_good_version"] = version, ["state"] = "IDLE" });
        });
        return command;
    }

    public static Command Rollback(Invocation invocation)
    {
        var to = new Option<string?>("--to") { Description = "The version to go back to (default: the newest known-good one that is not current)" };
        var restoreData = new Option<bool>("--restore-data") { Description = "Also bring back the user-data snapshot taken before the current version went live" };
        var command = new Command("rollback", "Switch production back to a known-good (or any kept) release (human)") { to, restoreData };
        invocation.Bind(command, async scope =>
        {
            var target = scope.Value(to) is { } tag ? TagName.Require(tag) : null;
            using var session = CommandSession.Mutating(scope.Context, "rollback", AuthorityLevel.Human);
            var result = await new RollbackService(session).RollbackAsync(target, scope.Value(restoreData)).ConfigureAwait(false);
            return Render(result, $"Rolled back to {result.ToVersion} (was {result.FromVersion}); it passed its health check. State: IDLE.");
        });
        return command;
    }

    private static CommandOutput Render(SwitchResult result, string text) => new(new JsonObject
    {
        ["from_version"] = result.FromVersion,
        ["current_version"] = result.ToVersion,
        ["state"] = result.State.Name(),
        ["health"] = result.Health.Details.DeepClone(),
        ["log_path"] = result.LogPath,
    }, [text]);

    /// <summary>30s, 10m, 1h, or plain seconds; anything else is a usage error.</summary>
    private static TimeSpan Duration(string text)
    {
        var hasUnit = text.Length > 0 && char.IsAsciiLetter(text[^1]);
        var (number, unit) = hasUnit ? (text[..^1], text[^1]) : (text, 's');
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 7 * 24 * 3600) throw NotADuration();
        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => throw NotADuration(),
        };

        A0Exception NotADuration() => A0Exception.Usage($"--probation '{text}' is not a duration such as 30s, 10m or 1h");
    }
}
