using System.Runtime.InteropServices;

namespace A0.Storage;

/// <summary>Which mount a path lies on (statx(2)): rename(2) and RENAME_EXCHANGE work only within one mount, and a mount point cannot be renamed.</summary>
internal static partial class Mounts
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxMountId = 0x1000;
    private const ulong AttributeMountRoot = 0x2000;

    /// <summary>Whether a file can be renamed from one path to the other (both must exist).</summary>
    public static bool AreSame(string first, string second) => Identity(Status(first)) == Identity(Status(second));

    public static bool IsMountPoint(string path)
    {
        var status = Status(path);
        if ((status.AttributesMask & AttributeMountRoot) != 0) return (status.Attributes & AttributeMountRoot) != 0;
        // Kernels before 5.8 say neither: a mount point is then a directory on another device than its parent.
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        return parent is null || Identity(Status(parent)) != Identity(status);
    }

    private static (uint Major, uint Minor, ulong Mount) Identity(StatxBuffer status) =>
        (status.Mask & StatxMountId) != 0 ? (0, 0, status.MountId) : (status.DeviceMajor, status.DeviceMinor, 0);

    private static StatxBuffer Status(string path) =>
        Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats | StatxMountId, out var status) == 0
            ? status
            : throw new IOException($"stat {path} failed: {Marshal.GetLastPInvokeErrorMessage()}");

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(8)] public ulong Attributes;
        [FieldOffset(56)] public ulong AttributesMask;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
        [FieldOffset(144)] public ulong MountId;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer status);
}
