namespace A0.Storage;

/// <summary>Which mount a path lies on (statx(2)): rename(2) and RENAME_EXCHANGE work only within one mount, and a mount point cannot be renamed.</summary>
internal static class Mounts
{
    private const uint StatxMountId = 0x1000;
    private const ulong AttributeMountRoot = 0x2000;

    /// <summary>Whether a file can be renamed from one path to the other (both must exist).</summary>
    public static bool AreSame(string first, string second) => Identity(Statx.Of(first)) == Identity(Statx.Of(second));

    public static bool IsMountPoint(string path)
    {
        var status = Statx.Of(path);
        if ((status.AttributesMask & AttributeMountRoot) != 0) return (status.Attributes & AttributeMountRoot) != 0;
        // Kernels before 5.8 say neither: a mount point is then a directory on another device than its parent.
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        return parent is null || Identity(Statx.Of(parent)) != Identity(status);
    }

    private static (uint Major, uint Minor, ulong Mount) Identity(Statx.StatxBuffer status) =>
        (status.Mask & StatxMountId) != 0 ? (0, 0, status.MountId) : (status.DeviceMajor, status.DeviceMinor, 0);
}
