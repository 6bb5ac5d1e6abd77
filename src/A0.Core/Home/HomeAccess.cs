using System.Runtime.InteropServices;

namespace A0.Home;

/// <summary>
/// Whether this user may change the home (CONTRACT §3): a user who cannot write .billy/ may run read-only commands, and any
/// other command is refused (exit 3) saying what access is missing, before it takes the lock or writes anything.
/// </summary>
public static class HomeAccess
{
    private const int ReadOnlyFileSystem = 30;

    public static void RequireWritable(A0Context context, string command)
    {
        var billy = context.Home.Billy;
        if (!Directory.Exists(billy) || Processes.Posix.CanWrite(billy)) return;
        var why = Marshal.GetLastPInvokeError() == ReadOnlyFileSystem ? "it is on a read-only filesystem" : $"user '{context.OsUser}' may not write it";
        throw A0Exception.AccessDenied($"`a0 {command}` changes the home, but {why}: {billy} (run a0 as the home's owner)");
    }
}
