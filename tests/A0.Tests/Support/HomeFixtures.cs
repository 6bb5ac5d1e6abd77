using System.Diagnostics;
using System.Text.Json.Nodes;
using A0.Approvals;
using A0.Authority;
using A0.Home;
using A0.State;

namespace A0.Tests.Support;

/// <summary>Ways to put an initialised home into a given shape and to look at what a command changed.</summary>
public static class HomeFixtures
{
    public static readonly string[] MetadataFiles =
        ["config.json", "authority.json", "state.json", "version.json", "known_good.json", "pending_approval.json"];

    /// <summary>A fresh home, initialised; fails the test when init does not succeed.</summary>
    public static TestHome Initialised()
    {
        var home = new TestHome().WithCheckout();
        var init = home.Init();
        init.ExitCode.ShouldBe(0, init.ToString());
        return home;
    }

    /// <summary>The seams a0 uses, for tests that drive Core directly (as the human who ran init).</summary>
    public static A0Context Context(this TestHome home, string? actor = null) =>
        new(new HomeLayout(home.Root), new Dictionary<string, string?> { ["A0_ACTOR"] = actor, ["PATH"] = Environment.GetEnvironmentVariable("PATH") });

    /// <summary>What a real caller of StateMachine.Transition fills in: the operation of an operation state, the failure of FAILED.</summary>
    public static StateRecord ShapedFor(StateRecord next, OperationState to) => next with
    {
        ActiveOperation = to.HasActiveOperation() ? next.ActiveOperation ?? new ActiveOperation("test", "v0.9.9", next.UpdatedAt) : null,
        LastFailure = to == OperationState.Failed ? next.LastFailure ?? new FailureRecord("test_failure", "made by the test", next.UpdatedAt) : next.LastFailure,
    };

    /// <summary>An open request for v0.9.9 by the agent billy, made now and open for an hour.</summary>
    public static PendingApproval OpenRequest(this A0Context context) => new()
    {
        ApprovalId = "approval-1",
        Version = "v0.9.9",
        CommitSha = new string('b', 40),
        RequestedBy = "billy",
        RequestedAt = context.Now,
        ExpiresAt = context.Now.AddHours(1),
        Source = "github",
        Nonce = "nonce",
    };

    /// <summary>Writes a valid state.json for the given state, as if an operation had brought the home there.</summary>
    public static void PutInState(this A0Context context, OperationState state) =>
        context.Metadata.State.Write(ShapedFor(new StateRecord { State = state, Reason = "fixture", UpdatedAt = context.Now }, state));

    /// <summary>Walks the state machine through a completed upgrade and a completed rollback, as the record for an executor grant needs.</summary>
    public static void RecordUpgradeAndRollback(this A0Context context)
    {
        var machine = new StateMachine(context);
        var human = new Actor(Environment.UserName, null, AuthorityLevel.Human);
        context.PutInState(OperationState.Validating);
        foreach (var (to, reason) in new[]
        {
            (OperationState.Promoting, "validation_passed"), (OperationState.Complete, "promotion_completed"), (OperationState.Idle, "confirmation_received"),
            (OperationState.RollingBack, "operator_reset"), (OperationState.Idle, "rollback_completed"),
        })
        {
            machine.Transition(human, to, reason, next => ShapedFor(next, to));
        }
    }

    /// <summary>Every regular file of .billy/ (not its subdirectories) with its bytes, to prove a refusal changed nothing.</summary>
    public static IReadOnlyDictionary<string, byte[]> MetadataBytes(this TestHome home, params string[] except) =>
        Directory.EnumerateFiles(home.Billy)
            .Where(path => !except.Contains(Path.GetFileName(path)))
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);

    public static void ShouldBeUnchangedFrom(this IReadOnlyDictionary<string, byte[]> after, IReadOnlyDictionary<string, byte[]> before)
    {
        after.Keys.Order().ShouldBe(before.Keys.Order());
        foreach (var (name, bytes) in before) after[name].ShouldBe(bytes, $"{name} changed");
    }

    /// <summary>Edits one JSON metadata file in place, as someone with an editor would.</summary>
    public static void EditJson(this TestHome home, string file, Action<JsonObject> edit)
    {
        var path = home.BillyFile(file);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    public static int AuditCount(this TestHome home) => File.Exists(home.AuditLog) ? File.ReadAllLines(home.AuditLog).Length : 0;

    public static IReadOnlyList<JsonObject> AuditEntriesAfter(this TestHome home, int count) => home.AuditEntries().Skip(count).ToList();

    /// <summary>Runs a helper program (mkfifo, python, flock) and returns its stdout; a non-zero exit fails the test.</summary>
    public static string Exec(string directory, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Waits for a condition another process brings about; the bound only stops a broken test from hanging.</summary>
    public static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"gave up waiting for {what}");
            Thread.Sleep(20);
        }
    }
}
