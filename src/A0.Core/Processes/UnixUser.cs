using System.Runtime.InteropServices;

namespace A0.Processes;

/// <summary>The effective user and users' passwd entries (not $HOME or $USER, which any caller can set).</summary>
public static unsafe partial class UnixUser
{
    private const int BufferSize = 16 * 1024;

    public static int EffectiveId => (int)GetEuid();

    /// <summary>The home directory of the passwd entry for uid, or null when there is no such entry.</summary>
    public static string? HomeDirectory(int uid) => Find(uid)?.Home;

    /// <summary>The user with this uid, or null when the passwd database has no such entry.</summary>
    public static UnixAccount? Find(int uid)
    {
        var buffer = new byte[BufferSize];
        fixed (byte* start = buffer)
        {
            return GetPwUidR((uint)uid, out var entry, start, BufferSize, out var found) == 0 && found != 0 ? Account(entry) : null;
        }
    }

    /// <summary>The user with this name, or null when the passwd database has no such entry.</summary>
    public static UnixAccount? Find(string name)
    {
        var buffer = new byte[BufferSize];
        fixed (byte* start = buffer)
        {
            return GetPwNamR(name, out var entry, start, BufferSize, out var found) == 0 && found != 0 ? Account(entry) : null;
        }
    }

    /// <summary>Every group the user belongs to (its primary group and the supplementary ones from the group database).</summary>
    public static IReadOnlySet<int> Groups(UnixAccount user)
    {
        var count = 64;
        while (true)
        {
            var groups = new uint[count];
            var found = count;
            if (GetGroupList(user.Name, (uint)user.Gid, groups, ref found) >= 0) return groups.Take(found).Select(g => (int)g).ToHashSet();
            count = Math.Max(found, count * 2);
        }
    }

    // The entry's strings live in the caller's pinned buffer, which is still pinned here.
    private static UnixAccount Account(PasswdEntry entry) =>
        new(Marshal.PtrToStringUTF8(entry.Name)!, (int)entry.Uid, (int)entry.Gid, Marshal.PtrToStringUTF8(entry.Directory) is { Length: > 0 } home ? home : null);

    [StructLayout(LayoutKind.Sequential)]
    private struct PasswdEntry
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPwUidR(uint uid, out PasswdEntry entry, byte* buffer, nuint size, out nint result);

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPwNamR(string name, out PasswdEntry entry, byte* buffer, nuint size, out nint result);

    [LibraryImport("libc", EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGroupList(string user, uint group, [In, Out] uint[] groups, ref int count);
}

/// <summary>A passwd entry: name, uid, primary group and home directory (null when it has none).</summary>
public sealed record UnixAccount(string Name, int Uid, int Gid, string? Home);
