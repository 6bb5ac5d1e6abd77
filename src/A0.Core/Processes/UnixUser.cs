using System.Runtime.InteropServices;

namespace A0.Processes;

/// <summary>The effective user and a user's passwd entry (not $HOME, which any caller can set).</summary>
public static unsafe partial class UnixUser
{
    private const int BufferSize = 16 * 1024;

    public static int EffectiveId => (int)GetEuid();

    /// <summary>The home directory of the passwd entry for uid, or null when there is no such entry.</summary>
    public static string? HomeDirectory(int uid)
    {
        var buffer = new byte[BufferSize];
        fixed (byte* start = buffer)
        {
            if (GetPwUidR((uint)uid, out var entry, start, BufferSize, out var found) != 0 || found == 0) return null;
            // The entry's strings live in buffer, which is pinned until here.
            var home = Marshal.PtrToStringUTF8(entry.Directory);
            return string.IsNullOrEmpty(home) ? null : home;
        }
    }

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
}
