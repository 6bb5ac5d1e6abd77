namespace A0.Processes;

/// <summary>
/// A child's process group as a journal records it: the leader's pid and start time, so that a group whose id was
/// reused by an unrelated process is never signalled.
/// </summary>
public sealed record JournaledProcess(int Pid, long StartTime)
{
    /// <summary>The group of a child that has just started, or null when it is already gone.</summary>
    public static JournaledProcess? Of(int pid) => ProcessInfo.StartTime(pid) is { } start ? new JournaledProcess(pid, start) : null;

    /// <summary>
    /// SIGKILLs the group and waits (briefly) until it is gone, so that nothing of it writes into what is removed next.
    /// While any member of the group lives, the kernel keeps its id allocated, so a leader that is gone means either no
    /// group or only our own remnants under that id.
    /// </summary>
    public void KillGroup()
    {
        SignalGroup(Posix.SIGKILL);
        for (var waited = 0; waited < 100 && Posix.GroupExists(Pid); waited++) Thread.Sleep(20);
    }

    public void SignalGroup(int signal)
    {
        var now = ProcessInfo.StartTime(Pid);
        if (now is null || now == StartTime) Posix.KillGroup(Pid, signal);
    }
}
