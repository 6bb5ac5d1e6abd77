using System.Runtime.InteropServices;

namespace A0.Storage;

/// <summary>statx(2) of a path, never following a symlink there: what .NET does not expose (owner, group, mount).</summary>
internal static partial class Statx
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxMountId = 0x1000;

    public static StatxBuffer Of(string path) =>
        Native(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats | StatxMountId, out var status) == 0
            ? status
            : throw new IOException($"stat {path} failed: {Marshal.GetLastPInvokeErrorMessage()}");

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(8)] public ulong Attributes;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(56)] public ulong AttributesMask;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
        [FieldOffset(144)] public ulong MountId;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Native(int directoryFd, string path, int flags, uint mask, out StatxBuffer status);
}
