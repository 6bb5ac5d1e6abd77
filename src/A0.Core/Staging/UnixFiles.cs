using System.Runtime.InteropServices;
using System.Text;

namespace A0.Staging;

/// <summary>
/// The few file calls the tree hasher makes directly: .NET exposes neither a directory entry's type (fifo, socket,
/// device) nor a link target that is not valid UTF-8, and its file handles cost a fstat and two flocks per file.
/// </summary>
internal static unsafe partial class UnixFiles
{
    public const int NoSuchEntry = 2;
    public const int PermissionDenied = 13;
    public const int NotADirectory = 20;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeModeSize = 0x1 | 0x2 | 0x200;
    private const int OpenNonBlocking = 0x800;
    private const int OpenCloseOnExec = 0x80000;
    private const int Interrupted = 4;
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;

    private static readonly int OpenNoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>The names in a directory (not "." and "..") with their d_type; names that are not valid UTF-8 come back with U+FFFD.</summary>
    public static List<(string Name, UnixEntryType Type)> ReadDirectory(string path)
    {
        var directory = OpenDir(path);
        if (directory == 0)
        {
            throw Failure("opendir", path);
        }
        try
        {
            var entries = new List<(string, UnixEntryType)>();
            nint entry;
            while ((entry = ReadDir(directory)) != 0)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + DirentNameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    entries.Add((Encoding.UTF8.GetString(name), (UnixEntryType)((byte*)entry)[DirentTypeOffset]));
                }
            }
            return Marshal.GetLastPInvokeError() == 0 ? entries : throw Failure("readdir", path);
        }
        finally
        {
            CloseDir(directory);
        }
    }

    public static UnixEntry Lstat(string path) => TryLstat(path, out var entry) == 0 ? entry : throw Failure("lstat", path);

    /// <summary>lstat that reports failure as its errno (e.g. <see cref="NoSuchEntry"/>, <see cref="PermissionDenied"/>, <see cref="NotADirectory"/>) instead of throwing.</summary>
    public static int TryLstat(string path, out UnixEntry entry)
    {
        var failed = Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxTypeModeSize, out var status) != 0;
        entry = failed ? default : status.ToEntry();
        return failed ? Marshal.GetLastPInvokeError() : 0;
    }

    public static UnixEntry Stat(int fd, string path) =>
        Statx(fd, "", AtEmptyPath, StatxTypeModeSize, out var status) == 0 ? status.ToEntry() : throw Failure("fstat", path);

    /// <summary>The link target's bytes exactly as readlink(2) returns them.</summary>
    public static byte[] ReadLink(string path)
    {
        for (var size = 4096; ; size *= 2)
        {
            var buffer = new byte[size];
            var length = ReadLinkNative(path, buffer, size);
            if (length < 0)
            {
                throw Failure("readlink", path);
            }
            if (length < size)
            {
                return buffer[..(int)length];
            }
        }
    }

    /// <summary>Opens for reading; fails rather than follow a symlink or wait on a fifo put there since the directory was read.</summary>
    public static int OpenForReading(string path)
    {
        var fd = Open(path, OpenNoFollow | OpenNonBlocking | OpenCloseOnExec);
        return fd >= 0 ? fd : throw Failure("open", path);
    }

    public static int Read(int fd, Span<byte> buffer, long offset, string path)
    {
        while (true)
        {
            var read = PRead(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, offset);
            if (read >= 0)
            {
                return (int)read;
            }
            if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                throw Failure("read", path);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    private static IOException Failure(string call, string path) => new($"{call} {path} failed: {Marshal.GetLastPInvokeErrorMessage()}");

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;

        public readonly UnixEntry ToEntry() => new((UnixEntryType)(Mode >> 12), (UnixFileMode)(Mode & 0xFFF), (long)Size);
    }

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint OpenDir(string path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial nint ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint directory);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer status);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkNative(string path, byte[] buffer, nint size);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, ref byte buffer, nint count, long offset);
}
