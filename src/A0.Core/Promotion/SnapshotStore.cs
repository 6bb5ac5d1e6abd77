using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using A0.Staging;
using A0.Storage;

namespace A0.Promotion;

/// <summary>
/// User-data snapshots (CONTRACT §7): a copy of data/ by TreeCopy (reflink where the filesystem can, never hard links, every
/// file type handled), made under a temp name and renamed into .billy/snapshots/&lt;id&gt;/ once complete; the newest are kept.
/// </summary>
public sealed partial class SnapshotStore(A0Context context)
{
    private const string RecordName = "snapshot.json";

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{6}Z_[0-9a-f]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public string DataOf(string id) => Path.Combine(context.Home.Snapshots, id, "data");

    /// <summary>Bytes and files under data/ (symlinks not followed), to weigh a snapshot before taking it.</summary>
    public long Size() => Directory.Exists(context.Home.Data)
        ? new DirectoryInfo(context.Home.Data).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .Sum(file => file.Length)
        : 0;

    public static string NewId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Copies data/ into snapshot <paramref name="id"/>; a copy left half-made by a crash is replaced.</summary>
    public SnapshotRecord Take(string id, string fromVersion, string toVersion)
    {
        var temp = Path.Combine(context.Home.Snapshots, $".{id}.partial");
        BuildDirectory.Delete(temp);
        Directory.CreateDirectory(temp);
        var data = Path.Combine(temp, "data");
        var copied = Directory.Exists(context.Home.Data) ? TreeCopy.UserData(context.Home.Data, data) : Empty(data);
        var record = new SnapshotRecord
        {
            Id = id,
            TakenAt = context.Now,
            FromVersion = fromVersion,
            ToVersion = toVersion,
            Bytes = copied.Bytes,
            Files = copied.Files,
            Skipped = copied.Skipped,
        };
        File(temp).Write(record);
        Processes.Posix.Rename(temp, Path.Combine(context.Home.Snapshots, id));
        Processes.Posix.FsyncDirectory(context.Home.Snapshots);
        return record;
    }

    public SnapshotRecord? Find(string id) => IsValidId(id) ? File(Path.Combine(context.Home.Snapshots, id)).ReadIfUsable() : null;

    /// <summary>Complete snapshots, newest first.</summary>
    public IReadOnlyList<SnapshotRecord> All() =>
        Directory.Exists(context.Home.Snapshots)
            ? [.. Directory.EnumerateDirectories(context.Home.Snapshots).Select(Path.GetFileName).Select(id => Find(id!)).OfType<SnapshotRecord>().OrderByDescending(s => s.TakenAt)]
            : [];

    /// <summary>The snapshot taken just before the switch that made <paramref name="version"/> live: what --restore-data brings back.</summary>
    public SnapshotRecord? BeforeSwitchTo(string version) => All().FirstOrDefault(s => s.ToVersion == version);

    /// <summary>Keeps the newest <paramref name="keep"/> and every one in <paramref name="needed"/>; removes the rest and half-made ones.</summary>
    public IReadOnlyList<string> Prune(int keep, IEnumerable<string?> needed)
    {
        var kept = All().Take(keep).Select(s => s.Id).Concat(needed.OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        if (!Directory.Exists(context.Home.Snapshots)) return removed;
        foreach (var directory in Directory.EnumerateDirectories(context.Home.Snapshots))
        {
            var name = Path.GetFileName(directory);
            if (kept.Contains(name)) continue;
            BuildDirectory.Delete(directory);
            removed.Add(name);
        }
        return removed;
    }

    private static MetadataFile<SnapshotRecord> File(string directory) => new(Path.Combine(directory, RecordName), A0Json.Default.SnapshotRecord);

    private static TreeCopyResult Empty(string data)
    {
        Directory.CreateDirectory(data);
        return new TreeCopyResult(0, 0, []);
    }
}
