using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using A0.Authority;
using A0.Home;
using A0.Storage;

namespace A0.Audit;

/// <summary>
/// .billy/upgrade_history.log: hash-chained JSON lines (CONTRACT §8), appended with fsync under .billy/audit.lock,
/// never rewritten; .billy/audit_head.json remembers the end so a truncation is caught.
/// </summary>
public sealed class AuditLog(HomeLayout home, TimeProvider clock)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly MetadataFile<AuditHead> headFile = new(home.AuditHeadFile, A0Json.Default.AuditHead);

    public JsonObject Append(Actor actor, AuditEvent auditEvent) => Append(actor, auditEvent, underLock: null);

    /// <summary>Appends an event; underLock runs just before, while the audit lock is held (authority.json is written only there).</summary>
    public JsonObject Append(Actor actor, AuditEvent auditEvent, Action? underLock)
    {
        using var auditLock = FileLock.Acquire(home.AuditLockFile, LockTimeout);
        var head = CurrentHead();
        var entry = new JsonObject
        {
            ["seq"] = head.Seq + 1,
            ["timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["event_type"] = auditEvent.EventType,
            ["actor"] = actor.Name,
            ["agent_id"] = actor.AgentId,
            ["version"] = auditEvent.Version,
            ["details"] = auditEvent.Details?.DeepClone() ?? new JsonObject(),
            ["prev_hash"] = head.Hash,
        };
        var hash = HashOf(entry);
        entry["hash"] = hash;
        var line = Encoding.UTF8.GetBytes(CanonicalJson.Serialize(entry) + "\n");
        underLock?.Invoke();

        using (var stream = new FileStream(home.AuditLog, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
        headFile.Write(new AuditHead(head.Seq + 1, hash));
        return entry;
    }

    public IReadOnlyList<JsonObject> Read() =>
        File.Exists(home.AuditLog)
            ? File.ReadLines(home.AuditLog).Where(line => line.Length > 0).Select(line => JsonNode.Parse(line)!.AsObject()).ToList()
            : [];

    public AuditVerification Verify()
    {
        var lines = File.Exists(home.AuditLog) ? File.ReadAllLines(home.AuditLog) : [];
        var previous = GenesisHash;
        for (var i = 0; i < lines.Length; i++)
        {
            var problem = CheckLine(lines[i], i + 1, previous);
            if (problem is not null) return AuditVerification.Broken(i + 1, problem);
            previous = JsonNode.Parse(lines[i])!["hash"]!.GetValue<string>();
        }

        AuditHead? head;
        try
        {
            head = headFile.ReadOrNull();
        }
        catch (A0Exception e)
        {
            return AuditVerification.Broken(null, e.Message);
        }
        var (seq, hash) = head is null ? (0L, GenesisHash) : (head.Seq, head.Hash);
        if (seq != lines.Length || hash != previous)
        {
            return AuditVerification.Broken(
                Math.Min(seq, lines.Length) + 1,
                $"audit_head.json records {seq} entries ending in {hash[..12]}…, the log has {lines.Length} ending in {previous[..12]}… (lines removed or added at the end)");
        }
        return AuditVerification.Intact(lines.Length);
    }

    private static string? CheckLine(string line, int lineNumber, string expectedPrevious)
    {
        try
        {
            var entry = JsonNode.Parse(line)?.AsObject() ?? throw new JsonException("empty line");
            if (entry["seq"] is not JsonValue seqValue || seqValue.GetValueKind() != JsonValueKind.Number || seqValue.GetValue<double>() != lineNumber)
            {
                return $"seq is {entry["seq"]?.ToJsonString() ?? "missing"}, expected {lineNumber} (a line was removed, inserted or moved)";
            }
            if (entry["prev_hash"]?.GetValue<string>() != expectedPrevious)
            {
                return "prev_hash does not match the previous line's hash (a line was removed, inserted or moved)";
            }
            var stored = entry["hash"]?.GetValue<string>();
            entry.Remove("hash");
            return stored == HashOf(entry) ? null : "hash does not match the line's content (the line was edited)";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return $"not a well-formed audit entry ({e.Message})";
        }
    }

    /// <summary>The last entry written: the head file, or the log's last line when a crash came between the two writes.</summary>
    private AuditHead CurrentHead()
    {
        var head = headFile.ReadOrNull() ?? new AuditHead(0, GenesisHash);
        var lastLine = LastLine();
        if (lastLine is null) return head;
        try
        {
            var last = JsonNode.Parse(lastLine)!.AsObject();
            var seq = last["seq"]!.GetValue<long>();
            if (seq == head.Seq + 1 && CheckLine(lastLine, (int)seq, head.Hash) is null)
            {
                return new AuditHead(seq, last["hash"]!.GetValue<string>());
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            // A damaged tail is left for `audit verify` to name; the chain continues from the head.
        }
        return head;
    }

    private string? LastLine()
    {
        if (!File.Exists(home.AuditLog)) return null;
        using var stream = new FileStream(home.AuditLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        if (length == 0) return null;
        var chunk = (int)Math.Min(length, 1 << 20);
        var buffer = new byte[chunk];
        stream.Seek(length - chunk, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer).TrimEnd('\n');
        var newline = text.LastIndexOf('\n');
        return newline < 0 ? text : text[(newline + 1)..];
    }

    private static string HashOf(JsonObject entryWithoutHash)
    {
        var previous = entryWithoutHash["prev_hash"]?.GetValue<string>() ?? "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + CanonicalJson.Serialize(entryWithoutHash))));
    }
}
