using System.Runtime.InteropServices;

namespace A0.Processes;

/// <summary>The few POSIX calls .NET does not expose: rename over a symlink, directory fsync, signals to process groups.</summary>
internal static partial class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    private const int O_RDONLY = 0;
    // O_DIRECTORY differs between x86-64 and the Arm ABIs.
    private static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string oldPath, string newPath);

    private const int AT_FDCWD = -100;
    private const uint RENAME_EXCHANGE = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2Native(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkfifoNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    private const int W_OK = 2;
    private const int X_OK = 1;
    private const int AT_EACCESS = 0x200;

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FAccessAtNative(int directory, string path, int mode, int flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void FreeNative(nint pointer);

    /// <summary>rename(2): atomically replaces newPath, including a symlink to a directory (File.Move cannot).</summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (RenameNative(oldPath, newPath) != 0)
        {
            throw new IOException($"rename {oldPath} -> {newPath} failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>renameat2(RENAME_EXCHANGE): swaps two paths in one step; false where the filesystem cannot.</summary>
    public static bool TryExchange(string first, string second) => RenameAt2Native(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) == 0;

    public static void FsyncDirectory(string directory)
    {
        var fd = OpenNative(directory, O_RDONLY | O_DIRECTORY);
        if (fd < 0)
        {
            throw new IOException($"open {directory} failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        try
        {
            FsyncNative(fd);
        }
        finally
        {
            CloseNative(fd);
        }
    }

    public static void MakeFifo(string path, UnixFileMode mode)
    {
        if (MkfifoNative(path, (uint)mode) != 0)
        {
            throw new IOException($"mkfifo {path} failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Signals a whole process group; false when no such group exists any more.</summary>
    public static bool KillGroup(int processGroupId, int signal) => processGroupId > 1 && KillNative(-processGroupId, signal) == 0;

    /// <summary>Whether any process (a zombie included) is still in the group.</summary>
    public static bool GroupExists(int processGroupId) => processGroupId > 1 && KillNative(-processGroupId, 0) == 0;

    public static void KillProcess(int pid, int signal) => KillNative(pid, signal);

    /// <summary>realpath(3): the absolute path with every symlink resolved, or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, 0);
        if (resolved == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            FreeNative(resolved);
        }
    }

    /// <summary>Whether this process may create and rename entries in directory (as its effective user: a read-only mount refuses even root).</summary>
    public static bool CanWrite(string directory) => FAccessAtNative(AT_FDCWD, directory, W_OK | X_OK, AT_EACCESS) == 0;
}
