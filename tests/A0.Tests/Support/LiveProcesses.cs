namespace A0.Tests.Support;

/// <summary>What runs on this machine, read from /proc: to prove that a0 left no child behind.</summary>
public static class LiveProcesses
{
    /// <summary>Command lines (arguments joined by spaces) of live processes that contain <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Mentioning(string text) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(pid =>
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)..][0] == 'Z' ? "" : File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                return "";
            }
        }).Where(cmd => cmd.Contains(text, StringComparison.Ordinal)).ToList();
}
