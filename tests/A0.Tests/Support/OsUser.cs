using System.Diagnostics;

namespace A0.Tests.Support;

/// <summary>A throw-away unprivileged OS user (useradd), removed again on Dispose; creating one needs root.</summary>
public sealed class OsUser : IDisposable
{
    private OsUser(string name) => Name = name;

    public string Name { get; }

    public static bool CanCreate => Environment.UserName == "root";

    public static OsUser Create()
    {
        var user = new OsUser("a0t" + Guid.NewGuid().ToString("N")[..8]);
        Run("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", user.Name);
        return user;
    }

    public void Dispose() => Run("userdel", Name);

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {error}");
    }
}
