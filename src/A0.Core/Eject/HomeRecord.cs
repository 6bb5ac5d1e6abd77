using A0.Home;
using A0.Operations;
using A0.Processes;
using A0.Storage;

namespace A0.Eject;

/// <summary>
/// The last step of an eject: what a0 kept in the home moves into <c>.billy/ejected-&lt;UTC time&gt;/</c>, for the record. What is
/// left of releases/ and data/ goes first (together, so the relative user-data links of a release that an app still runs
/// from keep resolving), then .billy/'s metadata, the policy, the audit log and state.json last: until the policy goes every
/// command still finds a managed home, and from the last event on only `a0 eject` itself goes on (see EjectOperation).
/// .billy/builds/ stays where it is (a venv cannot move, and the app's .venv may link there), as do the lock files and
/// the records of earlier ejects. Every move is decided by what is on disk, so the step can be run again.
/// </summary>
public static class HomeRecord
{
    private const string RecordPrefix = "ejected-";

    private static readonly string[] Kept = ["builds", "lock", "lock.json", "audit.lock", "journal.json"];

    public static string NameFor(DateTimeOffset time, HomeLayout home)
    {
        var stamp = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(home.Billy, RecordPrefix + stamp);
        for (var n = 2; FileSystemEntry.Exists(path); n++) path = Path.Combine(home.Billy, $"{RecordPrefix}{stamp}-{n}");
        return path;
    }

    public static void Move(A0Context context, string record)
    {
        var home = context.Home;
        Directory.CreateDirectory(record);
        MoveInto(home.Releases, record);
        MoveInto(home.Data, record);
        Sync(home.Root, record);
        FaultInjection.Hit(context, "eject.after_releases");

        string[] last = [home.AuthorityFile, home.AuditLog, home.AuditHeadFile, home.ConfigFile, home.StateFile];
        foreach (var entry in Directory.EnumerateFileSystemEntries(home.Billy).Order(StringComparer.Ordinal).Where(entry => !IsKept(entry, record) && !last.Contains(entry)))
        {
            MoveInto(entry, record);
        }
        foreach (var file in last)
        {
            MoveInto(file, record);
            if (file == home.AuthorityFile) FaultInjection.Hit(context, "eject.after_policy");
        }
        Sync(home.Billy, record);
        FaultInjection.Hit(context, "eject.after_metadata");
    }

    private static bool IsKept(string entry, string record)
    {
        var name = Path.GetFileName(entry);
        return Kept.Contains(name) || name.StartsWith(RecordPrefix, StringComparison.Ordinal) || entry == record;
    }

    private static void MoveInto(string entry, string record)
    {
        if (!FileSystemEntry.Exists(entry)) return;
        var destination = Path.Combine(record, Path.GetFileName(entry));
        if (FileSystemEntry.Exists(destination)) throw new IOException($"both {entry} and {destination} exist; move one aside and run `a0 eject` again");
        Posix.Rename(entry, destination);
    }

    private static void Sync(string from, string record)
    {
        Posix.FsyncDirectory(from);
        Posix.FsyncDirectory(record);
    }
}
