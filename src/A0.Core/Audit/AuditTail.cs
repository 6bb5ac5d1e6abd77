using System.Text;
using System.Text.Json.Nodes;

namespace A0.Audit;

/// <summary>
/// Where the next append continues (read under the exclusive audit lock): after the head, or after the log's last line when a
/// crash came between the line and the head. Anything else is damage (CONTRACT §8): the append then starts a fresh line and
/// records an `audit_damaged` event chained from the last intact line, never from genesis while one exists.
/// </summary>
internal sealed record AuditTail(long Seq, string Hash, bool NeedsNewline, JsonObject? LastEntry, JsonObject? Damage)
{
    private const int TailBytes = 1 << 20;

    public static AuditTail Inspect(string logPath, AuditHead? head, string? headProblem)
    {
        var (lastText, tornBytes) = LastLine(logPath);
        var last = lastText is null ? null : Intact(lastText);
        var lastIsBad = lastText is not null && last is null;
        if (!lastIsBad && AuditChain.HeadDisagreement(head, headProblem, last) is null)
        {
            return last is null ? new(0, AuditChain.GenesisHash, tornBytes > 0, null, null) : new(AuditChain.Seq(last), AuditChain.Hash(last), tornBytes > 0, last, null);
        }

        var lines = AuditChain.Lines(File.Exists(logPath) ? File.ReadAllBytes(logPath) : []);
        var intactIndex = lines.FindLastIndex(line => Intact(line) is not null);
        var intact = intactIndex < 0 ? null : Intact(lines[intactIndex]);
        var found = new JsonArray();
        if (tornBytes > 0 && lastIsBad) found.Add((JsonNode)$"line {lines.Count} is torn ({tornBytes} bytes without a newline)");
        else if (lastIsBad) found.Add((JsonNode)$"line {lines.Count} is not an intact audit entry");
        if (lines.Count - intactIndex - 1 > 1) found.Add((JsonNode)$"lines {intactIndex + 2} to {lines.Count} are not intact audit entries");
        if (AuditChain.HeadDisagreement(head, headProblem, intact) is { } disagreement) found.Add((JsonNode)disagreement);
        var damage = new JsonObject
        {
            ["found"] = found,
            ["head_seq"] = head?.Seq,
            ["head_hash"] = head?.Hash,
            ["intact_lines"] = intactIndex + 1,
            ["last_intact_seq"] = intact is null ? 0 : AuditChain.Seq(intact),
            ["bad_lines"] = lines.Count - intactIndex - 1,
            ["torn_bytes"] = tornBytes,
        };
        return intact is null
            ? new(0, AuditChain.GenesisHash, tornBytes > 0, null, damage)
            : new(AuditChain.Seq(intact), AuditChain.Hash(intact), tornBytes > 0, intact, damage);
    }

    private static JsonObject? Intact(string line) =>
        AuditChain.Parse(line) is ({ } entry, null) && AuditChain.IsSelfConsistent(entry) ? entry : null;

    /// <summary>The last line (null for an empty log) and how many bytes follow the last newline (a torn write leaves some).</summary>
    private static (string? Line, int TornBytes) LastLine(string logPath)
    {
        if (!File.Exists(logPath)) return (null, 0);
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        if (length == 0) return (null, 0);
        // Every command reads this (the cheap integrity checks): from the end in growing chunks, so a long log costs no more.
        var limit = (int)Math.Min(length, TailBytes);
        for (var chunk = Math.Min(limit, 4096); ; chunk = Math.Min(limit, chunk * 2))
        {
            var buffer = new byte[chunk];
            stream.Seek(length - chunk, SeekOrigin.Begin);
            stream.ReadExactly(buffer);
            var end = buffer[^1] == (byte)'\n' ? chunk - 1 : chunk;
            var newline = end == 0 ? -1 : Array.LastIndexOf(buffer, (byte)'\n', end - 1);
            if (newline < 0 && chunk < limit) continue;
            var start = newline + 1;
            return (Encoding.UTF8.GetString(buffer, start, end - start), end == chunk ? chunk - start : 0);
        }
    }
}
