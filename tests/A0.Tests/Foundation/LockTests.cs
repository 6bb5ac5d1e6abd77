using System.Diagnostics;
using A0.Processes;
using A0.State;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class LockTests
{
    private static readonly DateTimeOffset Since = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public void A_second_mutating_a0_exits_5_naming_the_owner()
    {
        using var home = HomeFixtures.Initialised();
        using var held = HoldLock(home);
        WriteOwner(home, Environment.ProcessId, "begin-staging v0.9.9");
        var state = File.ReadAllBytes(home.BillyFile("state.json"));
        var audited = home.AuditCount();

        var result = home.Run("grant", "billy", "observer", "--json");

        result.ExitCode.ShouldBe(5, result.ToString());
        result.Json["code"]!.GetValue<string>().ShouldBe("locked");
        result.Json["message"]!.GetValue<string>().ShouldBe($"locked by pid {Environment.ProcessId} running `begin-staging v0.9.9` since 2025-03-04 05:06:07Z");
        File.ReadAllBytes(home.BillyFile("state.json")).ShouldBe(state);
        var refusal = home.AuditEntriesAfter(audited).ShouldHaveSingleItem();
        refusal["event_type"]!.GetValue<string>().ShouldBe("command_refused");
        refusal["details"]!["code"]!.GetValue<string>().ShouldBe("locked");
        refusal["details"]!["command"]!.GetValue<string>().ShouldBe("grant");
    }

    [Fact]
    public void A_held_lock_without_an_owner_record_still_refuses_with_exit_5()
    {
        using var home = HomeFixtures.Initialised();
        using var held = HoldLock(home);

        var result = home.Run("clear-failure");

        result.ExitCode.ShouldBe(5, result.ToString());
        result.Error.ShouldContain("another a0 operation holds .billy/lock");
    }

    [Fact]
    public void Read_only_commands_work_while_the_lock_is_held()
    {
        using var home = HomeFixtures.Initialised();
        using var held = HoldLock(home);
        WriteOwner(home, Environment.ProcessId, "promote");

        var status = home.Run("status", "--json");
        status.ExitCode.ShouldBe(0, status.ToString());
        status.Json["locks"]!["operation"]!["pid"]!.GetValue<int>().ShouldBe(Environment.ProcessId);
        status.Json["locks"]!["operation"]!["command"]!.GetValue<string>().ShouldBe("promote");
        status.Json["dead_operation"].ShouldBeNull();
        home.Run("audit").ExitCode.ShouldBe(0);
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
        home.Run("explain-state").ExitCode.ShouldBe(0);
        home.Run("authority").ExitCode.ShouldBe(0);
        var doctor = home.Run("doctor", "--json");
        doctor.ExitCode.ShouldBe(0, doctor.ToString());
        doctor.Json["findings"]!.AsArray().ShouldContain(f => f!["check"]!.GetValue<string>() == "lock"
            && f["message"]!.GetValue<string>().Contains($"held by pid {Environment.ProcessId} running `promote`"));
    }

    [Fact]
    public void A_lock_held_by_another_real_process_refuses_a_real_a0_and_is_taken_over_after_it_dies()
    {
        using var home = HomeFixtures.Initialised();
        using var holder = StartHolder(home.BillyFile("lock"));
        var holderPid = int.Parse(holder.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            WriteOwner(home, holderPid, "begin-staging v0.9.9");

            var refused = home.RunProcess(["grant", "billy", "observer"]);
            refused.ExitCode.ShouldBe(5, refused.ToString());
            refused.Error.ShouldContain($"locked by pid {holderPid} running `begin-staging v0.9.9` since 2025-03-04 05:06:07Z");
            home.RunProcess(["status"]).Out.ShouldContain($"lock:           pid {holderPid} running `begin-staging v0.9.9`");
        }
        finally
        {
            holder.StandardInput.Close();
            holder.WaitForExit();
        }
        var granted = home.RunProcess(["grant", "billy", "observer"]);

        granted.ExitCode.ShouldBe(0, granted.ToString());
        var takeover = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "lock_taken_over");
        takeover["actor"]!.GetValue<string>().ShouldBe("a0:recovery");
        takeover["details"]!["dead_pid"]!.GetValue<int>().ShouldBe(holderPid);
        takeover["details"]!["dead_command"]!.GetValue<string>().ShouldBe("begin-staging v0.9.9");
        File.Exists(home.BillyFile("lock.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_real_a0_processes_contend_and_the_lock_of_a_killed_one_is_taken_over()
    {
        // The first a0 is a real staging holding the lock while its pip waits on a server that never answers.
        await using var staging = await StagingHome.CreateAsync();
        using var stall = new StallingServer();
        var home = staging.Home;
        staging.Approve("v0.9.8");
        using var first = home.Start(["begin-staging", "v0.9.8"], new Dictionary<string, string?> { ["PIP_FIND_LINKS"] = stall.Url, ["PIP_DEFAULT_TIMEOUT"] = "600" });
        try
        {
            HomeFixtures.WaitFor(() => stall.Connections > 0 || first.HasExited, "the first a0 to stall in pip");
            OwnerPid(home).ShouldBe(first.Id);

            var second = home.RunProcess(["clear-failure", "--json"]);
            second.ExitCode.ShouldBe(5, second.ToString());
            second.Json["message"]!.GetValue<string>().ShouldStartWith($"locked by pid {first.Id} running `begin-staging` since ");
            var status = home.RunProcess(["status", "--json"]);
            status.ExitCode.ShouldBe(0, status.ToString());
            status.Json["locks"]!["operation"]!["pid"]!.GetValue<int>().ShouldBe(first.Id);
            home.Json("audit", "--tail", "1")["entries"]![0]!["details"]!["code"]!.GetValue<string>().ShouldBe("locked");
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }
        home.Json("status")["locks"]!["operation"].ShouldBeNull();

        var third = home.RunProcess(["clear-failure"]);

        third.ExitCode.ShouldBe(0, third.ToString());
        var events = home.AuditEntries().SkipWhile(e => e["event_type"]!.GetValue<string>() != "lock_taken_over").ToList();
        events[0]["details"]!["dead_pid"]!.GetValue<int>().ShouldBe(first.Id);
        events[0]["details"]!["dead_command"]!.GetValue<string>().ShouldBe("begin-staging");
        events.Select(e => e["event_type"]!.GetValue<string>()).ShouldContain("human_cleared_failure");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void A_lock_json_left_by_a_dead_pid_is_reported_then_taken_over_and_audited()
    {
        using var home = HomeFixtures.Initialised();
        using var gone = Process.Start("true")!;
        gone.WaitForExit();
        WriteOwner(home, gone.Id, "promote", startTime: 12345);

        home.Json("status")["locks"]!["operation"].ShouldBeNull();
        home.Json("doctor")["findings"]!.AsArray().ShouldContain(f => f!["message"]!.GetValue<string>().Contains($"names pid {gone.Id} (`promote`), which is gone"));
        var result = home.Run("grant", "billy", "observer");

        result.ExitCode.ShouldBe(0, result.ToString());
        var takeover = home.AuditEntries().Single(e => e["event_type"]!.GetValue<string>() == "lock_taken_over");
        takeover["details"]!["dead_pid"]!.GetValue<int>().ShouldBe(gone.Id);
        File.Exists(home.BillyFile("lock.json")).ShouldBeFalse();
    }

    [Fact]
    public void A_lock_json_naming_a_live_pid_with_another_start_time_is_a_reused_pid_and_counts_as_dead()
    {
        using var home = HomeFixtures.Initialised();
        WriteOwner(home, Environment.ProcessId, "promote", startTime: ProcessInfo.StartTime(Environment.ProcessId)!.Value + 1);

        home.Json("status")["locks"]!["operation"].ShouldBeNull();
        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);

        home.AuditEventTypes().ShouldContain("lock_taken_over");
    }

    [Fact]
    public void Lock_files_are_0600_and_those_of_an_older_home_are_tightened_by_the_next_lock()
    {
        using var home = HomeFixtures.Initialised();
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.GetUnixFileMode(home.BillyFile("lock")).ShouldBe(ownerOnly);
        File.GetUnixFileMode(home.BillyFile("audit.lock")).ShouldBe(ownerOnly);
        foreach (var file in new[] { "lock", "audit.lock" }) File.SetUnixFileMode(home.BillyFile(file), ownerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        home.Run("grant", "billy", "observer").ExitCode.ShouldBe(0);

        File.GetUnixFileMode(home.BillyFile("lock")).ShouldBe(ownerOnly);
        File.GetUnixFileMode(home.BillyFile("audit.lock")).ShouldBe(ownerOnly);
    }

    /// <summary>A real flock on .billy/lock, as another a0 holds it (FileShare.None is flock(LOCK_EX) on Linux).</summary>
    private static FileStream HoldLock(TestHome home) =>
        new(home.BillyFile("lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    private static void WriteOwner(TestHome home, int pid, string command, long? startTime = null) =>
        home.Context().Metadata.LockOwner.Write(new LockOwner
        {
            Pid = pid,
            ProcessStartTime = startTime ?? ProcessInfo.StartTime(pid)!.Value,
            Host = Environment.MachineName,
            Command = command,
            StartedAt = Since,
        });

    /// <summary>util-linux flock holding .billy/lock around a shell that prints its pid and waits for stdin to close.</summary>
    private static Process StartHolder(string lockFile)
    {
        var info = new ProcessStartInfo("flock") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-x", lockFile, "sh", "-c", "echo $$; exec cat" }) info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    private static int? OwnerPid(TestHome home)
    {
        try
        {
            return home.Context().Metadata.LockOwner.ReadOrNull()?.Pid;
        }
        catch (A0Exception)
        {
            return null;
        }
    }
}
