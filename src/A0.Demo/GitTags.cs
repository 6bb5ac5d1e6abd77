using System.Globalization;
using System.Text.RegularExpressions;

namespace A0.Demo;

/// <summary>A tag as a bare repo has it: the object its ref names and the commit it peels to.</summary>
internal sealed record GitTag(string Name, string ObjectSha, bool Annotated, string CommitSha);

/// <summary>An annotated tag object, as <c>git cat-file tag</c> prints it.</summary>
internal sealed record GitTagObject(string Sha, string Tag, string ObjectSha, string ObjectType, string TaggerName, string TaggerEmail, DateTimeOffset TaggedAt, string Message);

/// <summary>Reads tags straight from a repo on every call, so a moved tag shows at once. Refs git calls broken are skipped, as git skips them.</summary>
internal static partial class GitTags
{
    public static async Task<IReadOnlyList<GitTag>> ReadAsync(DemoGit git, string repo, CancellationToken cancellationToken)
    {
        var output = await git.RunAsync(repo, ["for-each-ref", "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objectname)", "refs/tags"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\0'))
            .Select(f => f[1] == "tag"
                ? new GitTag(f[0]["refs/tags/".Length..], f[2], Annotated: true, f[3])
                : new GitTag(f[0]["refs/tags/".Length..], f[2], Annotated: false, f[2]))];
    }

    /// <summary>The tag object with that sha, or null when the repo has none.</summary>
    public static async Task<GitTagObject?> ReadObjectAsync(DemoGit git, string repo, string sha, CancellationToken cancellationToken)
    {
        if (!HexSha().IsMatch(sha))
        {
            return null;
        }
        var result = await git.TryRunAsync(repo, ["cat-file", "tag", sha], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }
        var text = result.StandardOutput;
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = (split < 0 ? text : text[..split]).Split('\n')
            .Select(line => line.Split(' ', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
        var tagger = Tagger().Match(headers.GetValueOrDefault("tagger", ""));
        return new GitTagObject(
            sha,
            headers["tag"],
            headers["object"],
            headers["type"],
            tagger.Groups["name"].Value,
            tagger.Groups["email"].Value,
            tagger.Success ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(tagger.Groups["seconds"].Value, CultureInfo.InvariantCulture)) : DateTimeOffset.UnixEpoch,
            split < 0 ? "" : text[(split + 2)..]);
    }

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$")]
    private static partial Regex HexSha();

    [GeneratedRegex(@"^(?<name>.*) <(?<email>[^>]*)> (?<seconds>\d+) [+-]\d{4}$")]
    private static partial Regex Tagger();
}
