using A0.Processes;

namespace A0.Operations;

/// <summary>
/// Crash points for the kill -9 tests: with A0_FAULT_INJECT=crash:&lt;point&gt; the process SIGKILLs itself there,
/// exactly as an outside kill would. Unset in normal use.
/// </summary>
public static class FaultInjection
{
    public const string Variable = "A0_FAULT_INJECT";

    public static void Hit(A0Context context, string point)
    {
        if (context.Variable(Variable) == $"crash:{point}")
        {
            Posix.KillProcess(Environment.ProcessId, Posix.SIGKILL);
        }
    }
}
