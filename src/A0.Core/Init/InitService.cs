using System.Globalization;
using System.Text.Json.Nodes;
using A0.Audit;
using A0.Authority;
using A0.Config;
using A0.Operations;
using A0.Processes;
using A0.State;
using A0.Storage;
using A0.UserData;

namespace A0.Init;

/// <summary>
/// Adopts the checkout at the app path (CONTRACT §1, §4): moves it to releases/&lt;tag&gt;/ (a verified copy when it is on another
/// filesystem), user data to data/, makes the app path an absolute symlink and records the version. Every step is idempotent
/// and journaled, so a crash mid-init is finished by running them again.
/// </summary>
public sealed class InitService(A0Context context)
{
    public const string Operation = InitOperation.Operation;

    public async Task<InitResult> RunAsync(Actor human, InitOptions options, CancellationToken cancellationToken)
    {
        SudoInvocation.RefuseInit(context.Environment, UnixUser.EffectiveId);
        Eject.EjectOperation.RequireNotEjecting(context);
        if (context.Metadata.Journal.ReadIfUsable() is { Operation: not Operation } other)
        {
            throw A0Exception.Precondition($"an interrupted `a0 {other.Operation}` is still in flight here; finish it first (`a0 {other.Operation}` again)", "operation_in_flight");
        }
        if (context.Metadata.State.Exists) throw A0Exception.Precondition($"{context.Home.Root} is already managed by a0 (see `a0 status`)", "already_initialized");
        if (context.Metadata.Journal.Exists)
        {
            using var resumeLock = OperationLock.Acquire(context, "init");
            var journal = context.Metadata.Journal.Read();
            RecoveryService.KillProcessGroups(journal);
            var kept = await FinishAsync(Actor.Recovery, journal, cancellationToken).ConfigureAwait(false);
            return new InitResult(journal.Version, context.Metadata.Version.Read().CommitSha!, [], Resumed: true, context.Metadata.Config.Read().AppPath, kept);
        }

        var appPath = options.AppPath ?? DefaultAppPath();
        var config = BuildConfig(options, appPath);
        var policy = BuildPolicy(human, options);
        var checkout = await new CheckoutInspector(new Git(context.Processes)).InspectAsync(appPath, config.UserData, cancellationToken).ConfigureAwait(false);
        AppPathPlacement.Check(appPath, context.Home);
        if (options.AgentUser is { } agentUser) AgentUserAccess.Require(AgentUserAccess.Account(agentUser), context.Home, appPath, config.UserData);
        if (Directory.Exists(context.Home.Release(checkout.Version)))
        {
            throw A0Exception.Precondition($"{context.Home.Release(checkout.Version)} already exists; move it aside first");
        }

        Directory.CreateDirectory(context.Home.Billy);
        using var operationLock = OperationLock.Acquire(context, "init");
        if (context.Metadata.State.Exists || context.Metadata.Journal.Exists) throw A0Exception.Precondition("another init ran meanwhile", "already_initialized");
        context.Metadata.Config.Write(config);
        context.Metadata.Authority.Write(policy);
        var started = new Journal
        {
            Operation = Operation,
            Version = checkout.Version,
            StartedAt = context.Now,
            Pid = Environment.ProcessId,
            Init = new InitPayload(checkout.CommitSha),
        };
        context.Metadata.Journal.Write(started);
        context.Audit.Append(human, new AuditEvent("init_started", checkout.Version, new JsonObject
        {
            ["commit_sha"] = checkout.CommitSha,
            ["app_path"] = appPath,
            ["local_changes"] = new JsonArray([.. checkout.LocalChanges.Select(c => (JsonNode)c!)]),
        }));
        if (checkout.LocalChanges.Count > 0)
        {
            context.Audit.Append(human, new AuditEvent("adopted_with_local_changes", checkout.Version, new JsonObject
            {
                ["paths"] = new JsonArray([.. checkout.LocalChanges.Select(c => (JsonNode)c!)]),
            }));
        }
        var originalKeptAt = await FinishAsync(human, started, cancellationToken).ConfigureAwait(false);
        return new InitResult(checkout.Version, checkout.CommitSha, checkout.LocalChanges, Resumed: false, appPath, originalKeptAt);
    }

    /// <summary>
    /// Runs the remaining steps of an init journal; also the recovery of a crashed init. Returns where the original checkout
    /// was set aside when it came from another filesystem.
    /// </summary>
    public async Task<string?> FinishAsync(Actor actor, Journal journal, CancellationToken cancellationToken)
    {
        var config = context.Metadata.Config.Read();
        var appPath = config.AppPath;
        var release = context.Home.Release(journal.Version);
        var setAside = SetAsidePath(appPath, journal);

        FaultInjection.Hit(context, "init.before_move");
        if (!Directory.Exists(release) && FileSystemEntry.IsPlainDirectory(appPath))
        {
            Directory.CreateDirectory(context.Home.Releases);
            if (Mounts.AreSame(appPath, context.Home.Releases)) SwapIntoReleases(appPath, release);
            else await CopyIntoReleasesAsync(appPath, release, config.UserData, journal, cancellationToken).ConfigureAwait(false);
        }
        if (FileSystemEntry.IsPlainDirectory(appPath))
        {
            // Only a checkout copied from another filesystem is still there: it is kept, renamed, for the record and for
            // an app still running from it. The app path is missing from here until the link below.
            Posix.Rename(appPath, setAside);
            FaultInjection.Hit(context, "init.after_set_aside");
        }
        if (!Symlink.PointsTo(appPath, release))
        {
            Symlink.Replace(appPath, release);
        }
        FaultInjection.Hit(context, "init.after_link");
        UserDataLinks.AdoptAndLink(release, context.Home.Data, config.UserData);
        FaultInjection.Hit(context, "init.after_user_data");

        var commit = journal.Init?.CommitSha;
        var originalKeptAt = Directory.Exists(setAside) ? setAside : null;
        context.Metadata.Version.Write(new VersionRecord { CurrentVersion = journal.Version, CommitSha = commit, UpdatedAt = context.Now });
        context.Metadata.KnownGood.Write(new KnownGoodRecord
        {
            Version = journal.Version,
            History = [new KnownGoodEntry(journal.Version, context.Now, "initialization")],
        });
        context.Audit.Append(actor, new AuditEvent("release_adopted", journal.Version, new JsonObject
        {
            ["release"] = release,
            ["commit_sha"] = commit,
            ["app_path"] = appPath,
            ["original_kept_at"] = originalKeptAt,
        }));
        new StateMachine(context).Initialize(actor);
        context.Metadata.Journal.Delete();
        return originalKeptAt;
    }

    /// <summary>
    /// Same filesystem: the link the app path will become is made at the release's place, then the two are swapped in one
    /// step, so the app path is never missing. Where the filesystem cannot swap, move then link.
    /// </summary>
    private void SwapIntoReleases(string appPath, string release)
    {
        if (Symlink.IsSymlink(release)) File.Delete(release);
        File.CreateSymbolicLink(release, release);
        FaultInjection.Hit(context, "init.after_move");
        if (!Posix.TryExchange(appPath, release))
        {
            File.Delete(release);
            Posix.Rename(appPath, release);
        }
        Posix.FsyncDirectory(context.Home.Releases);
        Posix.FsyncDirectory(Path.GetDirectoryName(appPath)!);
    }

    /// <summary>Another filesystem: a verified copy renamed into releases/; the original stays where it is until it is set aside.</summary>
    private async Task CopyIntoReleasesAsync(string appPath, string release, IReadOnlyList<string> userData, Journal journal, CancellationToken cancellationToken)
    {
        var copy = await new CheckoutCopy(context).CopyBesideAsync(appPath, release, userData, journal, "init.after_copy", what => A0Exception.Failed(
            $"{appPath} is on another filesystem than the home, and {what}. The app path is untouched; fix that and run `a0 init` again", "copy_failed"),
            cancellationToken).ConfigureAwait(false);
        Posix.Rename(copy, release);
        Posix.FsyncDirectory(Path.GetDirectoryName(release)!);
    }

    private string DefaultAppPath()
    {
        var appPath = context.Home.DefaultAppPath;
        return Directory.Exists(appPath) || Symlink.IsSymlink(appPath)
            ? appPath
            : throw A0Exception.Usage($"no --app-path given and {appPath} does not exist: pass --app-path PATH, the checkout you run Agent Zero from (e.g. --app-path ~/agent-zero)");
    }

    /// <summary>&lt;app path&gt;.a0-adopted-&lt;UTC time the init started&gt;: the same name whichever process finishes the init.</summary>
    private static string SetAsidePath(string appPath, Journal journal) =>
        $"{appPath}.a0-adopted-{journal.StartedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    private static A0Config BuildConfig(InitOptions options, string appPath)
    {
        var config = new A0Config
        {
            Repo = options.Repo,
            Source = options.Source,
            ApiUrl = options.ApiUrl ?? "https://api.github.com",
            CloneUrl = options.CloneUrl ?? $"https://github.com/{options.Repo}.git",
            Python = options.Python ?? "python3",
            AppPath = appPath,
        };
        var problems = config.Validate().ToList();
        return problems.Count == 0 ? config : throw A0Exception.Usage(string.Join("; ", problems));
    }

    private AuthorityPolicy BuildPolicy(Actor human, InitOptions options)
    {
        var policy = new AuthorityPolicy
        {
            Humans = [human.Name],
            Agents = [new AgentGrant(options.Agent, AgentLevel.Observer)],
            AgentUser = options.AgentUser,
            AgentUserAgent = options.AgentUser is null ? null : options.Agent,
        };
        var problems = policy.Validate().ToList();
        return problems.Count == 0 ? policy : throw A0Exception.Usage(string.Join("; ", problems));
    }
}
