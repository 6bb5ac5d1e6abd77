using System.Security.Cryptography;
using System.Text;
using A0.Staging;

namespace A0.Tests.Support;

/// <summary>The recipe of CONTRACT §9 written out plainly, to check a0's tree hashes against: lines and their sha256.</summary>
public static class RecipeLines
{
    /// <summary>"&lt;kind&gt; &lt;hash&gt; &lt;path&gt;\n" for every entry, in the byte order of the UTF-8 paths.</summary>
    public static IEnumerable<string> Of(TreeChecksums checksums) => Of(checksums.Files, checksums.Kinds);

    /// <summary>The lines for any files/kinds pair (e.g. read back from a manifest), in recipe order.</summary>
    public static IEnumerable<string> Of(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> kinds) =>
        files.OrderBy(file => file.Key, Utf8PathComparer.Instance).Select(file => $"{kinds[file.Key]} {file.Value} {file.Key}\n");

    /// <summary>tree_hash: the sha256 of the lines' UTF-8 concatenation.</summary>
    public static string Hash(IEnumerable<string> lines) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines))));
}
