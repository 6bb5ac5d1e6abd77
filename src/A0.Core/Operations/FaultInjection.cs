using System.Diagnostics;
using A0.Processes;

namespace A0.Operations;

/// <summary>
/// Crash points for the kill -9 tests: with A0_FAULT_INJECT=crash:&lt;point&gt; the process SIGKILLs itself there,
/// exactly as an outside kill would. Only a build with test hooks (-p:A0TestHooks=true) has them: everywhere else
/// the compiler drops every call, so the tool ./a0 builds and ships ignores the variable (CONTRACT §10).
/// </summary>
public static class FaultInjection
{
    public const string Variable = "A0_FAULT_INJECT";

    [Conditional("A0_TEST_HOOKS")]
    public static void Hit(A0Context context, string point)
    {
        if (context.Variable(Variable) == $"crash:{point}")
        {
            Posix.KillProcess(Environment.ProcessId, Posix.SIGKILL);
        }
    }
}
