using System.Runtime.InteropServices;

namespace A0.Home;

/// <summary>
/// Whether this user may change the home (CONTRACT §3): a user who cannot write .billy/ may run read-only commands, and any
/// other command is refused (exit 3) saying what access is missing, before it takes the lock or writes anything.
/// </summary>
public static partial class HomeAccess
{
    private const int AtFdCwd = -100;
    private const int WriteAndSearch = 2 | 1;
    private const int EffectiveIds = 0x200;
    private const int ReadOnlyFileSystem = 30;

    public static void RequireWritable(A0Context context, string command)
    {
        var billy = context.Home.Billy;
        if (!Directory.Exists(billy) || AccessAt(AtFdCwd, billy, WriteAndSearch, EffectiveIds) == 0) return;
        var why = Marshal.GetLastPInvokeError() == ReadOnlyFileSystem ? "it is on a read-only filesystem" : $"user '{context.OsUser}' may not write it";
        throw A0Exception.AccessDenied($"`a0 {command}` changes the home, but {why}: {billy} (run a0 as the home's owner)");
    }

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessAt(int directory, string path, int mode, int flags);
}
