using System.Globalization;

namespace A0.Releases;

/// <summary>
/// A release tag as a version: any number of numeric parts (v1.7, v0.9.8.3), then an optional prerelease suffix
/// (v1.0.0-beta.1, v0.9.8-pre) that sorts below its release. Compared as versions, never as strings.
/// </summary>
public sealed class ReleaseVersion : IComparable<ReleaseVersion>, IEquatable<ReleaseVersion>
{
    private readonly long[] parts;
    private readonly string[] prerelease;

    private ReleaseVersion(string tag, long[] parts, string[] prerelease)
    {
        Tag = tag;
        this.parts = parts;
        this.prerelease = prerelease;
    }

    public string Tag { get; }

    public bool IsPrerelease => prerelease.Length > 0;

    public static bool TryParse(string? tag, out ReleaseVersion version)
    {
        version = null!;
        if (!TagName.IsValid(tag)) return false;
        var dash = tag!.IndexOf('-', StringComparison.Ordinal);
        var numbers = (dash < 0 ? tag[1..] : tag[1..dash]).Split('.');
        var parsed = new long[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (numbers[i].Length > 18 || !long.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i])) return false;
        }
        version = new ReleaseVersion(tag, parsed, dash < 0 ? [] : tag[(dash + 1)..].Split('.'));
        return true;
    }

    public static ReleaseVersion Parse(string tag) =>
        TryParse(tag, out var version) ? version : throw A0Exception.Usage($"'{tag}' is not a release version");

    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null) return 1;
        for (var i = 0; i < Math.Max(parts.Length, other.parts.Length); i++)
        {
            var compared = Part(i).CompareTo(other.Part(i));
            if (compared != 0) return compared;
        }
        if (IsPrerelease != other.IsPrerelease) return IsPrerelease ? -1 : 1;
        for (var i = 0; i < Math.Min(prerelease.Length, other.prerelease.Length); i++)
        {
            var compared = CompareIdentifier(prerelease[i], other.prerelease[i]);
            if (compared != 0) return compared;
        }
        var byLength = prerelease.Length.CompareTo(other.prerelease.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(Tag, other.Tag);
    }

    public bool Equals(ReleaseVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => Equals(obj as ReleaseVersion);

    public override int GetHashCode() => Tag.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Tag;

    public static bool operator <(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) >= 0;
    public static bool operator ==(ReleaseVersion? left, ReleaseVersion? right) => left?.Equals(right) ?? right is null;
    public static bool operator !=(ReleaseVersion? left, ReleaseVersion? right) => !(left == right);

    private long Part(int index) => index < parts.Length ? parts[index] : 0;

    private static int CompareIdentifier(string left, string right)
    {
        var leftNumeric = long.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out var leftNumber);
        var rightNumeric = long.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out var rightNumber);
        if (leftNumeric && rightNumeric) return leftNumber.CompareTo(rightNumber);
        if (leftNumeric != rightNumeric) return leftNumeric ? -1 : 1;
        return string.CompareOrdinal(left, right);
    }
}
