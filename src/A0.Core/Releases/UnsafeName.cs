namespace A0.Releases;

/// <summary>Renders a hostile name from a source harmlessly for a warning: short, control characters escaped.</summary>
public static class UnsafeName
{
    public static string Describe(string name)
    {
        var shown = name.Length > 40 ? name[..40] + $"… ({name.Length} chars)" : name;
        return "'" + string.Concat(shown.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())) + "'";
    }

    public static string Skipped(string source, string name) => $"{source} listed a tag that is not a safe release name, skipped: {Describe(name)}";
}
