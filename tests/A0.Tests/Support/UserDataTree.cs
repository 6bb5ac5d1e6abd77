using System.Security.Cryptography;

namespace A0.Tests.Support;

/// <summary>User data as a user keeps it, odd files included, and a description of a tree precise enough to prove it unchanged.</summary>
public static class UserDataTree
{
    public const long BigFileBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Adds to a checkout's user data what a0 must carry without failing: a dangling symlink, a fifo, a socket, a file with no
    /// read permission for others, nested chats, memory, and (unless <paramref name="withBigFile"/> is false) a 100 MB sparse file
    /// with bytes at its start, middle and end.
    /// </summary>
    public static void AddOddData(string checkout, bool withBigFile = true)
    {
        var usr = Path.Combine(checkout, "usr");
        Directory.CreateDirectory(Path.Combine(usr, "chats", "2025"));
        File.WriteAllText(Path.Combine(usr, "chats", "2025", "chat2.json"), "{\"hello\":2}");
        File.CreateSymbolicLink(Path.Combine(usr, "dangling"), "/nonexistent/a0-test-target");
        HomeFixtures.Exec(usr, "mkfifo", "pipe");
        // A socket file outlives its socket; .NET would unlink the one it bound, python leaves it, as an app that died would.
        HomeFixtures.Exec(usr, "python3", "-c", "import socket; socket.socket(socket.AF_UNIX).bind('agent.sock')");
        File.WriteAllText(Path.Combine(usr, "secret.txt"), "only mine");
        File.SetUnixFileMode(Path.Combine(usr, "secret.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(Path.Combine(checkout, "memory", "default"));
        File.WriteAllText(Path.Combine(checkout, "memory", "default", "index.faiss"), "vectors");
        if (!withBigFile) return;
        using var big = new FileStream(Path.Combine(usr, "big.bin"), FileMode.CreateNew);
        big.SetLength(BigFileBytes);
        foreach (var offset in new[] { 0, BigFileBytes / 2, BigFileBytes - 5 })
        {
            big.Position = offset;
            big.Write("a0!\n"u8);
        }
    }

    /// <summary>
    /// One line per entry under each of <paramref name="paths"/> (relative to <paramref name="root"/>), never following a symlink:
    /// path, type, mode, then the sha256 of a file's content, a link's target, or nothing.
    /// </summary>
    public static IReadOnlyList<string> Describe(string root, params string[] paths)
    {
        var existing = paths.Where(path => Path.Exists(Path.Combine(root, path)) || new FileInfo(Path.Combine(root, path)).LinkTarget is not null).ToArray();
        if (existing.Length == 0) return [];
        var listing = HomeFixtures.Exec(root, "find", [.. existing, "-printf", "%p\t%y\t%m\t%l\n"]);
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(fields => string.Join(' ', fields[0], fields[1], fields[2], fields[1] switch
            {
                "f" => Sha256(Path.Combine(root, fields[0])),
                "l" => fields[3],
                _ => "",
            }))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
