using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace A0.Audit;

/// <summary>
/// The rules of the hash chain (CONTRACT §8), apart from any file: what a well-formed entry is, its hash, whether the head
/// agrees with the log's end, and the walk that verifies a whole log, recorded damage included.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    public const string DamagedEvent = "audit_damaged";
    public const string AcknowledgedEvent = "audit_damage_acknowledged";

    /// <summary>The log's lines: split at newlines, the last one kept even without its newline (a torn write leaves one).</summary>
    public static List<string> Lines(byte[] log)
    {
        var lines = Encoding.UTF8.GetString(log).Split('\n').ToList();
        if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    public static string HashOf(JsonObject entryWithoutHash)
    {
        var previous = entryWithoutHash["prev_hash"]?.GetValue<string>() ?? "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + CanonicalJson.Serialize(entryWithoutHash))));
    }

    /// <summary>The entry when the line is a JSON object with seq, event_type, prev_hash and hash of the right types; else what is wrong.</summary>
    public static (JsonObject? Entry, string? Problem) Parse(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject entry) return (null, "not a well-formed audit entry (not a JSON object)");
            if (entry["seq"] is not JsonValue seq || seq.GetValueKind() != JsonValueKind.Number || !seq.TryGetValue<long>(out _))
            {
                return (null, $"not a well-formed audit entry (seq is {entry["seq"]?.ToJsonString() ?? "missing"}, not a whole number)");
            }
            foreach (var field in new[] { "event_type", "prev_hash", "hash" })
            {
                if (entry[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                {
                    return (null, $"not a well-formed audit entry ({field} is {entry[field]?.ToJsonString() ?? "missing"}, not a string)");
                }
            }
            return (entry, null);
        }
        catch (JsonException e)
        {
            return (null, $"not a well-formed audit entry (not valid JSON at byte {e.BytePositionInLine + 1})");
        }
    }

    public static long Seq(JsonObject entry) => entry["seq"]!.GetValue<long>();

    public static string Hash(JsonObject entry) => entry["hash"]!.GetValue<string>();

    public static string EventType(JsonObject entry) => entry["event_type"]!.GetValue<string>();

    /// <summary>Whether a well-formed entry's hash matches its own content.</summary>
    public static bool IsSelfConsistent(JsonObject entry)
    {
        var withoutHash = entry.DeepClone().AsObject();
        withoutHash.Remove("hash");
        return Hash(entry) == HashOf(withoutHash);
    }

    /// <summary>
    /// Null when the head and the log's last entry agree: the same entry, or the log exactly one entry past its head (a crash
    /// between the line's fsync and the head's write, which the next append repairs). Otherwise what disagrees.
    /// </summary>
    public static string? HeadDisagreement(AuditHead? head, string? headProblem, JsonObject? last)
    {
        if (headProblem is not null) return $"audit_head.json is unreadable ({headProblem})";
        if (head is null) return last is null ? null : "audit_head.json is missing";
        if (last is null) return head.Seq == 0 ? null : $"audit_head.json records seq {head.Seq} ({Short(head.Hash)}), but the log holds no entry";
        if (Seq(last) == head.Seq && Hash(last) == head.Hash) return null;
        if (Seq(last) == head.Seq + 1 && last["prev_hash"]!.GetValue<string>() == head.Hash) return null;
        return $"audit_head.json records seq {head.Seq} ({Short(head.Hash)}), the log ends at seq {Seq(last)} ({Short(Hash(last))}) (lines removed or added at the end)";
    }

    /// <summary>Walks the whole log: every line with its problem, the first line nothing explains, and the damage on record.</summary>
    public static AuditReading Walk(IReadOnlyList<string> texts, AuditHead? head, string? headProblem)
    {
        var lines = new List<AuditLine>(texts.Count);
        var damage = new List<AuditDamage>();
        long expectedSeq = 1;
        var previous = GenesisHash;
        long entries = 0;
        var lastSelfConsistent = 0;
        JsonObject? last = null;
        (int Line, string Problem)? pending = null;
        AuditBreak? broken = null;

        for (var i = 0; i < texts.Count; i++)
        {
            var number = i + 1;
            var (entry, problem) = Parse(texts[i]);
            var selfConsistent = entry is not null && problem is null && IsSelfConsistent(entry);
            if (selfConsistent) lastSelfConsistent = number;
            problem ??= ChainProblem(entry!, expectedSeq, previous, selfConsistent);
            lines.Add(new AuditLine(number, texts[i], entry, problem));
            if (broken is not null) continue;
            if (problem is not null)
            {
                pending ??= (number, problem);
                continue;
            }

            var type = EventType(entry!);
            // Bad lines are explained only by the damage event an append wrote right after them, chained from the last good entry.
            if (pending is { } unexplained && type != DamagedEvent)
            {
                broken = new AuditBreak(unexplained.Line, unexplained.Problem, AtTail: false);
                continue;
            }
            if (type == DamagedEvent) damage.Add(new AuditDamage(pending?.Line ?? number, Seq(entry!), Found(entry!), Acknowledged: false));
            if (type == AcknowledgedEvent) damage = [.. damage.Select(d => d with { Acknowledged = true })];
            pending = null;
            entries++;
            expectedSeq = Seq(entry!) + 1;
            previous = Hash(entry!);
            last = entry;
        }

        if (broken is null && pending is { } tail)
        {
            // Bad lines after the last self-consistent one are what the next append records as damage; earlier ones are edits.
            broken = new AuditBreak(tail.Line, tail.Problem, AtTail: tail.Line > lastSelfConsistent);
        }
        if (broken is null && HeadDisagreement(head, headProblem, last) is { } disagreement)
        {
            var firstUnrecorded = lines.FirstOrDefault(l => l.Entry is not null && l.Problem is null && Seq(l.Entry) == (head?.Seq ?? 0) + 1);
            broken = new AuditBreak(firstUnrecorded?.Number ?? texts.Count + 1, disagreement, AtTail: true);
        }
        return new AuditReading(lines, new AuditVerification(entries, broken, damage));
    }

    /// <param name="selfConsistent">Whether the entry's hash matches its content, already computed by the caller.</param>
    private static string? ChainProblem(JsonObject entry, long expectedSeq, string previous, bool selfConsistent)
    {
        if (Seq(entry) != expectedSeq) return $"seq is {Seq(entry)}, expected {expectedSeq} (a line was removed, inserted or moved)";
        if (entry["prev_hash"]!.GetValue<string>() != previous) return "prev_hash does not match the previous entry's hash (a line was removed, inserted or moved)";
        return selfConsistent ? null : "hash does not match the line's content (the line was edited)";
    }

    private static string Found(JsonObject damaged) =>
        damaged["details"]?["found"] is JsonArray found ? string.Join("; ", found.Select(f => f?.ToString())) : "no description";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
