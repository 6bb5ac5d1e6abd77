using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Home;
using A0.Storage;

namespace A0.Audit;

/// <summary>
/// .billy/upgrade_history.log: hash-chained JSON lines (CONTRACT §8), appended with fsync under an exclusive lock on
/// .billy/audit.lock and read under a shared one, never rewritten; .billy/audit_head.json remembers the end so a truncation
/// is caught. Damage found at the end is recorded, never built upon; identical refusals within a minute are counted, not
/// appended one by one.
/// </summary>
public sealed class AuditLog(HomeLayout home, TimeProvider clock)
{
    public const string CoalescedEvent = "refusals_coalesced";
    public static readonly TimeSpan CoalescingWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RereadInterval = TimeSpan.FromMilliseconds(20);
    private const int MaxRereads = 100;

    private readonly MetadataFile<AuditHead> headFile = new(home.AuditHeadFile, A0Json.Default.AuditHead);
    private readonly MetadataFile<RefusalTally> tallyFile = new(home.RefusalTallyFile, A0Json.Default.RefusalTally);

    public JsonObject Append(Actor actor, AuditEvent auditEvent) => Append(actor, auditEvent, underLock: null);

    /// <summary>Appends an event; underLock runs just before, while the audit lock is held (authority.json is written only there).</summary>
    public JsonObject Append(Actor actor, AuditEvent auditEvent, Action? underLock) => Write(actor, auditEvent, underLock, coalesce: false)!;

    /// <summary>Appends a refusal, or only counts it (null) when the log's last entry is the same refusal, less than a minute old.</summary>
    public JsonObject? AppendRefusal(Actor actor, AuditEvent refusal) => Write(actor, refusal, underLock: null, coalesce: true);

    /// <summary>The whole log and its verdict, read under the shared audit lock so an append in flight is never mistaken for damage.</summary>
    public AuditReading Read()
    {
        using var shared = TryLockShared();
        if (shared is null)
        {
            // A user who may not open the lock file (0600) reads until two reads in a row agree.
            return ReadUntilStable();
        }
        var (head, headProblem) = ReadHead();
        return AuditChain.Walk(AuditChain.Lines(ReadLog()), head, headProblem);
    }

    /// <summary>The shared audit lock, or null for a user who may not open the lock file.</summary>
    private FileLock? TryLockShared()
    {
        try
        {
            return FileLock.AcquireShared(home.AuditLockFile, LockTimeout);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public AuditVerification Verify() => Read().Verification;

    /// <summary>
    /// The cheap check every command runs: the head against the log's last line (a crash between the two is not damage).
    /// Null when they agree; else what is wrong. A full walk of the chain is `Verify`.
    /// </summary>
    public string? TailProblem()
    {
        using var shared = TryLockShared();
        var (head, headProblem) = ReadHead();
        return AuditTail.Inspect(home.AuditLog, head, headProblem).Damage is { } damage
            ? $"the audit log's end does not match audit_head.json: {string.Join("; ", damage["found"]!.AsArray().Select(f => f?.ToString()))}"
            : null;
    }

    /// <summary>
    /// `recover --i-understand`: a human acknowledges the damage on record (and the damage at the end, which this append records
    /// first). False when there is none; an edit inside the log is not damage and stays a broken chain.
    /// </summary>
    public bool AcknowledgeDamage(Actor human)
    {
        var verification = Verify();
        if (verification.Break is { AtTail: false }) return false;
        var unacknowledged = verification.Damage.Where(d => !d.Acknowledged).ToList();
        if (verification.Break is null && unacknowledged.Count == 0) return false;
        var found = new JsonArray([.. unacknowledged.Select(d => (JsonNode)$"line {d.Line}: {d.Found}")]);
        if (verification.Break is { } atTail) found.Add((JsonNode)$"line {atTail.Line}: {atTail.Problem}");
        Append(human, new AuditEvent(AuditChain.AcknowledgedEvent, null, new JsonObject { ["acknowledged"] = found }));
        return true;
    }

    private JsonObject? Write(Actor actor, AuditEvent auditEvent, Action? underLock, bool coalesce)
    {
        using var auditLock = LockForWriting();
        var now = clock.GetUtcNow();
        var (head, headProblem) = ReadHead();
        var tail = AuditTail.Inspect(home.AuditLog, head, headProblem);
        var own = Draft(actor, auditEvent, now);
        var tally = tallyFile.ReadIfUsable();
        if (coalesce && tail.Damage is null && Counted(own, tail.LastEntry, tally, now)) return null;

        var seq = tail.Seq;
        var previous = tail.Hash;
        var lines = new StringBuilder(tail.NeedsNewline ? "\n" : "");
        void Chain(JsonObject entry)
        {
            entry["seq"] = ++seq;
            entry["prev_hash"] = previous;
            previous = AuditChain.HashOf(entry);
            entry["hash"] = previous;
            lines.Append(CanonicalJson.Serialize(entry)).Append('\n');
        }
        if (tail.Damage is not null) Chain(Draft(Actor.Integrity, new AuditEvent(AuditChain.DamagedEvent, null, tail.Damage), now));
        if (tally is not null) Chain(Coalesced(tally, now));
        Chain(own);
        underLock?.Invoke();

        using (var stream = new FileStream(home.AuditLog, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(Encoding.UTF8.GetBytes(lines.ToString()));
            stream.Flush(flushToDisk: true);
        }
        headFile.Write(new AuditHead(seq, previous));
        if (tally is not null) tallyFile.Delete();
        return own;
    }

    /// <summary>Counts the refusal instead of appending it when the log's last entry is the same refusal, less than a minute old.</summary>
    private bool Counted(JsonObject refusal, JsonObject? last, RefusalTally? tally, DateTimeOffset now)
    {
        var key = Key(refusal);
        if (last is null || Key(last) != key || (tally is not null && tally.Key != key)) return false;
        if (!DateTimeOffset.TryParse(last["timestamp"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loggedAt)
            || now - loggedAt >= CoalescingWindow)
        {
            return false;
        }
        tallyFile.Write(tally is null
            ? new RefusalTally
            {
                Key = key,
                Actor = refusal["actor"]!.GetValue<string>(),
                AgentId = refusal["agent_id"]?.GetValue<string>(),
                EventType = AuditChain.EventType(refusal),
                Command = refusal["details"]?["command"]?.ToString(),
                Code = refusal["details"]?["code"]?.ToString(),
                Count = 1,
                FirstAt = now,
                LastAt = now,
            }
            : tally with { Count = tally.Count + 1, LastAt = now });
        return true;
    }

    private JsonObject Coalesced(RefusalTally tally, DateTimeOffset now) =>
        Draft(new Actor(tally.Actor, tally.AgentId, AuthorityLevel.None), new AuditEvent(CoalescedEvent, null, new JsonObject
        {
            ["count"] = tally.Count,
            ["first_at"] = UtcTimestamp.Format(tally.FirstAt),
            ["last_at"] = UtcTimestamp.Format(tally.LastAt),
            ["event_type"] = tally.EventType,
            ["command"] = tally.Command,
            ["code"] = tally.Code,
        }), now);

    private static JsonObject Draft(Actor actor, AuditEvent auditEvent, DateTimeOffset now)
    {
        var details = auditEvent.Details?.DeepClone().AsObject() ?? [];
        UtcTimestamp.Normalize(details);
        return new JsonObject
        {
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["event_type"] = auditEvent.EventType,
            ["actor"] = actor.Name,
            ["agent_id"] = actor.AgentId,
            ["version"] = auditEvent.Version,
            ["details"] = details,
        };
    }

    /// <summary>What makes two refusals identical: everything but when, where in the chain, and the hash.</summary>
    private static string Key(JsonObject entry)
    {
        var identity = new JsonObject();
        foreach (var field in new[] { "event_type", "actor", "agent_id", "version", "details" }) identity[field] = entry[field]?.DeepClone();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(identity))));
    }

    private FileLock LockForWriting()
    {
        try
        {
            return FileLock.Acquire(home.AuditLockFile, LockTimeout);
        }
        catch (UnauthorizedAccessException)
        {
            throw A0Exception.AccessDenied($"user '{Environment.UserName}' cannot write {home.AuditLockFile}: only the home's owner appends to its audit log");
        }
    }

    private AuditReading ReadUntilStable()
    {
        var (head, headProblem) = ReadHead();
        var log = ReadLog();
        for (var attempt = 0; attempt < MaxRereads; attempt++)
        {
            var (nextHead, nextProblem) = ReadHead();
            var nextLog = ReadLog();
            var stable = nextHead == head && nextProblem == headProblem && nextLog.AsSpan().SequenceEqual(log);
            (head, headProblem, log) = (nextHead, nextProblem, nextLog);
            if (stable) break;
            Thread.Sleep(RereadInterval);
        }
        return AuditChain.Walk(AuditChain.Lines(log), head, headProblem);
    }

    private (AuditHead? Head, string? Problem) ReadHead()
    {
        try
        {
            return (headFile.ReadOrNull(), null);
        }
        catch (A0Exception e) when (e.Code == "invalid_metadata")
        {
            return (null, e.Message);
        }
    }

    private byte[] ReadLog() => File.Exists(home.AuditLog) ? File.ReadAllBytes(home.AuditLog) : [];
}
