using System.Globalization;

namespace A0.Processes;

/// <summary>Facts about processes from /proc, to tell a live lock owner from a dead one whose pid was reused.</summary>
public static class ProcessInfo
{
    /// <summary>Start time in clock ticks since boot (field 22 of /proc/PID/stat), or null when the process is gone.</summary>
    public static long? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses; fields after it start past the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    public static bool IsAlive(int pid, long startTime) => StartTime(pid) == startTime;
}
