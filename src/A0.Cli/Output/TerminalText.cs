using System.Globalization;
using System.Text;

namespace A0.Cli.Output;

/// <summary>
/// Text for a person's terminal (CONTRACT §4): C0 and C1 controls, DEL, Unicode format characters (bidi controls among them)
/// and line or paragraph separators are shown as `\u{XXXX}`, so a string from an agent, a release source or a file can
/// neither colour, reorder nor forge what a human reads.
/// </summary>
public static class TerminalText
{
    /// <summary>One line: every control character escaped, newlines included.</summary>
    public static string Escape(string text) => Escape(text, keepLayout: false);

    /// <summary>A file's text as `env cat` shows it: its newlines and tabs stay, every other control character is escaped.</summary>
    public static string EscapeKeepingLayout(string text) => Escape(text, keepLayout: true);

    private static string Escape(string text, bool keepLayout)
    {
        if (!text.EnumerateRunes().Any(rune => IsUnsafe(rune, keepLayout))) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsUnsafe(rune, keepLayout)) escaped.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X4}}}");
            else escaped.Append(rune.ToString());
        }
        return escaped.ToString();
    }

    private static bool IsUnsafe(Rune rune, bool keepLayout)
    {
        if (keepLayout && (rune.Value == '\n' || rune.Value == '\t')) return false;
        return rune.Value is < 0x20 or (>= 0x7F and <= 0x9F)
            || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
