using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace A0.Staging;

/// <summary>Build ids: the version, a UTC timestamp and a random suffix; safe as a path segment.</summary>
public static partial class BuildIdentifier
{
    [GeneratedRegex(@"^v[0-9A-Za-z.\-]{1,64}_[0-9]{8}T[0-9]{6}Z_[0-9a-f]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static string New(string version, DateTimeOffset now) =>
        $"{version}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
