using System.Runtime.InteropServices;

namespace A0.Staging;

/// <summary>
/// The few file calls the tree hasher makes directly: .NET exposes neither a directory entry's type (fifo, socket,
/// device) nor a link target that is not valid UTF-8, and its file handles cost a fstat and two flocks per file.
/// Names are opened relative to their directory's descriptor, so the kernel looks up one component, not the whole path,
/// and no component can be swapped for a symlink between the read of a directory and the open of an entry.
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
    private const int DirentLengthOffset = 16;
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;

    private static readonly byte[] EmptyPath = [0];
    private static readonly bool ArmAbi = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int OpenNoFollow = ArmAbi ? 0x8000 : 0x20000;
    private static readonly int OpenDirectoryOnly = ArmAbi ? 0x4000 : 0x10000;

    /// <summary>A directory entry as getdents64 returns it: its name (without NUL) and d_type.</summary>
    public readonly ref struct DirectoryEntry(ReadOnlySpan<byte> name, UnixEntryType type)
    {
        public ReadOnlySpan<byte> Name { get; } = name;
        public UnixEntryType Type { get; } = type;
    }

    public static UnixEntry Lstat(string path) => TryLstat(path, out var entry) is var error && error == 0 ? entry : throw Failure("lstat", path, error);

    /// <summary>lstat that reports failure as its errno (e.g. <see cref="NoSuchEntry"/>, <see cref="PermissionDenied"/>, <see cref="NotADirectory"/>) instead of throwing.</summary>
    public static int TryLstat(string path, out UnixEntry entry)
    {
        var failed = Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxTypeModeSize, out var status) != 0;
        entry = failed ? default : status.ToEntry();
        return failed ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>Opens a tree's top directory (following a symlink there, as a path given by the caller does).</summary>
    public static int OpenDirectory(string path)
    {
        var fd = Open(path, OpenDirectoryOnly | OpenCloseOnExec);
        return fd >= 0 ? fd : throw Failure("open", path, Marshal.GetLastPInvokeError());
    }

    /// <summary>
    /// openat(2) of one name in a directory, never following a symlink; for a file also never waiting on a fifo put there
    /// since the directory was read. Returns -1 with <paramref name="error"/> set to errno on failure.
    /// </summary>
    public static int OpenAt(int directoryFd, ReadOnlySpan<byte> name, bool directory, out int error)
    {
        Span<byte> terminated = stackalloc byte[name.Length + 1];
        var flags = OpenNoFollow | OpenCloseOnExec | (directory ? OpenDirectoryOnly : OpenNonBlocking);
        int fd;
        do
        {
            fd = OpenAtNative(directoryFd, ref Terminated(name, terminated), flags);
            error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (error == Interrupted);
        return fd;
    }

    /// <summary>fstat of an open file; false with errno in <paramref name="error"/> on failure.</summary>
    public static bool TryStat(int fd, out UnixEntry entry, out int error)
    {
        var ok = StatxAt(fd, ref EmptyPath[0], AtEmptyPath, StatxTypeModeSize, out var status) == 0;
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        entry = status.ToEntry();
        return ok;
    }

    /// <summary>lstat of one name in a directory, for file systems whose directories do not give d_type.</summary>
    public static bool TryStatAt(int directoryFd, ReadOnlySpan<byte> name, out UnixEntry entry, out int error)
    {
        Span<byte> terminated = stackalloc byte[name.Length + 1];
        var ok = StatxAt(directoryFd, ref Terminated(name, terminated), AtSymlinkNoFollow, StatxTypeModeSize, out var status) == 0;
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        entry = status.ToEntry();
        return ok;
    }

    /// <summary>
    /// Reads the next entries of an open directory into <paramref name="buffer"/> (getdents64); returns the bytes filled,
    /// 0 at the end, -1 with errno in <paramref name="error"/>. Walk them with <see cref="NextEntry"/>.
    /// </summary>
    public static int ReadDirectory(int fd, byte[] buffer, out int error)
    {
        while (true)
        {
            var filled = GetDents64(fd, ref MemoryMarshal.GetArrayDataReference(buffer), buffer.Length);
            error = filled >= 0 ? 0 : Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                return (int)filled;
            }
        }
    }

    /// <summary>The entry at <paramref name="offset"/> in a buffer filled by <see cref="ReadDirectory"/>; advances the offset past it.</summary>
    public static DirectoryEntry NextEntry(ReadOnlySpan<byte> filled, ref int offset)
    {
        var record = filled[offset..];
        offset += MemoryMarshal.Read<ushort>(record[DirentLengthOffset..]);
        var name = record[DirentNameOffset..];
        return new(name[..name.IndexOf((byte)0)], (UnixEntryType)record[DirentTypeOffset]);
    }

    /// <summary>
    /// readlinkat(2): the target's bytes exactly as stored, in <paramref name="buffer"/> (grown when too small);
    /// -1 with errno in <paramref name="error"/>.
    /// </summary>
    public static int ReadLinkAt(int directoryFd, ReadOnlySpan<byte> name, ref byte[] buffer, out int error)
    {
        Span<byte> terminated = stackalloc byte[name.Length + 1];
        ref var path = ref Terminated(name, terminated);
        while (true)
        {
            var length = ReadLinkAtNative(directoryFd, ref path, ref MemoryMarshal.GetArrayDataReference(buffer), buffer.Length);
            error = length < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (length < buffer.Length)
            {
                return (int)length;
            }
            buffer = new byte[buffer.Length * 2];
        }
    }

    /// <summary>pread(2), retried when interrupted; -1 with errno in <paramref name="error"/>.</summary>
    public static int Read(int fd, Span<byte> buffer, long offset, out int error)
    {
        while (true)
        {
            var read = PRead(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, offset);
            error = read >= 0 ? 0 : Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                return (int)read;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    /// <summary>Opens a file for reading by path; fails rather than follow a symlink or wait on a fifo put there since it was looked at.</summary>
    public static int OpenForReading(string path)
    {
        var fd = Open(path, OpenNoFollow | OpenNonBlocking | OpenCloseOnExec);
        return fd >= 0 ? fd : throw Failure("open", path, Marshal.GetLastPInvokeError());
    }

    public static UnixEntry Stat(int fd, string path) => TryStat(fd, out var entry, out var error) ? entry : throw Failure("fstat", path, error);

    public static int Read(int fd, Span<byte> buffer, long offset, string path) =>
        Read(fd, buffer, offset, out var error) is var read && read >= 0 ? read : throw Failure("read", path, error);

    public static IOException Failure(string call, string path, int error) => new($"{call} {path} failed: {Marshal.GetPInvokeErrorMessage(error)}");

    private static ref byte Terminated(ReadOnlySpan<byte> name, Span<byte> terminated)
    {
        name.CopyTo(terminated);
        terminated[^1] = 0;
        return ref MemoryMarshal.GetReference(terminated);
    }

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;

        public readonly UnixEntry ToEntry() => new((UnixEntryType)(Mode >> 12), (UnixFileMode)(Mode & 0xFFF), (long)Size);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer status);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int StatxAt(int directoryFd, ref byte path, int flags, uint mask, out StatxBuffer status);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static partial int OpenAtNative(int directoryFd, ref byte path, int flags);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    private static partial nint ReadLinkAtNative(int directoryFd, ref byte path, ref byte buffer, nint size);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, ref byte buffer, nint count, long offset);
}
