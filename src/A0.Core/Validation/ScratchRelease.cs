using A0.Processes;
using A0.Staging;
using A0.Storage;
using A0.UserData;

namespace A0.Validation;

/// <summary>
/// A release made in $TMPDIR to run an artifact's code without touching it or the user's data: a copy of the tree, `.venv` a
/// link to the build's venv (a venv cannot move), empty scratch user data seeded only from chosen paths (never .env), and a
/// scratch HOME, TMPDIR and bytecode cache, so nothing lands in the build or the user's home.
/// </summary>
public sealed record ScratchRelease(string Root)
{
    public const string NamePrefix = "a0_validate_";

    public string Release => Path.Combine(Root, "release");
    public string Data => Path.Combine(Root, "data");
    public string Python => Path.Combine(Release, ".venv", "bin", "python");

    /// <summary>What every child run from this release sees: its own HOME, TMPDIR and bytecode cache.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["HOME"] = Path.Combine(Root, "home"),
        ["TMPDIR"] = Path.Combine(Root, "tmp"),
        [ProcessRunner.PycachePrefixVariable] = Path.Combine(Root, "pycache"),
        ["PYTHONNOUSERSITE"] = "1",
    };

    /// <summary>The release's Python with these arguments, run from the scratch release with its environment, journaled.</summary>
    public ProcessSpec Run(IReadOnlyList<string> arguments, Action<JournaledProcess> onStarted) =>
        new(Python, arguments) { WorkingDirectory = Release, Environment = Environment, OnStarted = onStarted };

    public static string NewRoot(string tempRoot, string name) =>
        Path.Combine(Path.GetFullPath(tempRoot), $"{NamePrefix}{name}_{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}");

    /// <summary>
    /// Makes the scratch release at <paramref name="root"/> (which must not exist yet) from a tree (an artifact's, or a live
    /// release's, whose .venv and user-data links are replaced) and the venv it runs with.
    /// </summary>
    public static ScratchRelease Create(string root, string tree, string venv, IReadOnlyList<string> userData, string realData, IReadOnlyList<string> seedPaths)
    {
        var scratch = new ScratchRelease(root);
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var directory in new[] { "home", "tmp", "pycache", "data" }) Directory.CreateDirectory(Path.Combine(root, directory));
        TreeCopy.Release(tree, scratch.Release, ".venv");
        File.CreateSymbolicLink(Path.Combine(scratch.Release, ".venv"), venv);
        foreach (var seed in seedPaths)
        {
            var from = Path.Combine(realData, seed);
            if (!File.Exists(from) && !Directory.Exists(from)) continue;
            var to = Path.Combine(scratch.Data, seed);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            TreeCopy.UserData(from, to);
        }
        UserDataLinks.MergeAndLink(scratch.Release, scratch.Data, userData);
        return scratch;
    }

    /// <summary>Removes a scratch release; only a directory named as a0 names them, whatever a journal says.</summary>
    public static void Remove(string root)
    {
        if (Path.GetFileName(root).StartsWith(NamePrefix, StringComparison.Ordinal)) BuildDirectory.Delete(root);
    }
}
