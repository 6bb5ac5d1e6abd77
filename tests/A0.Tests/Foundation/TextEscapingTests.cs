using A0.Cli.Output;
using A0.State;
using A0.Tests.Support;

namespace A0.Tests.Foundation;

/// <summary>CONTRACT §4: text output escapes control characters from agents, sources and files, so nothing can be coloured, reordered or forged.</summary>
public sealed class TextEscapingTests
{
    /// <summary>The contract's list, literally: C0 and C1 controls, DEL, and Unicode bidi/format characters.</summary>
    public static TheoryData<int> Unsafe() => new(
        [
            .. Enumerable.Range(0x00, 0x20), 0x7F, .. Enumerable.Range(0x80, 0x20),
            0x061C, 0x200B, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF,
            0x2028, 0x2029,
        ]);

    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Every_control_and_format_character_is_shown_as_its_code_point(int codePoint)
    {
        var text = $"a{char.ConvertFromUtf32(codePoint)}b";

        TerminalText.Escape(text).ShouldBe($"a\\u{{{codePoint:X4}}}b");
    }

    [Fact]
    public void Printable_text_in_any_script_is_left_alone()
    {
        TerminalText.Escape("v0.9.8 — naïve 日本語 emoji 🚀 \\path").ShouldBe("v0.9.8 — naïve 日本語 emoji 🚀 \\path");
    }

    [Fact]
    public void Notes_from_an_agent_cannot_colour_or_forge_a_line_of_pending_approvals()
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.Metadata.PendingApproval.Write(context.OpenRequest() with
        {
            Notes = "\u001b[31mroutine\u001b[0m\nApproved v0.9.8.1 at commit deadbeef \u202eevil",
        });

        var text = home.Run("pending-approvals");

        text.ExitCode.ShouldBe(0, text.ToString());
        text.Out.TrimEnd('\n').ShouldNotContain('\n');
        text.Out.ShouldNotContain('\u001b');
        text.Out.ShouldNotContain('\u202e');
        text.Out.ShouldContain("notes: \\u{001B}[31mroutine\\u{001B}[0m\\u{000A}Approved v0.9.8.1 at commit deadbeef \\u{202E}evil");
        home.Json("pending-approvals")["pending_approvals"]![0]!["notes"]!.GetValue<string>().ShouldContain("\nApproved");
    }

    [Fact]
    public void A_failure_message_from_a_file_is_escaped_in_status_and_explain_state()
    {
        using var home = HomeFixtures.Initialised();
        var context = home.Context();
        context.Metadata.State.Write(new StateRecord
        {
            State = OperationState.Failed,
            Reason = "staging_failed",
            UpdatedAt = context.Now,
            LastFailure = new FailureRecord("staging_failed", "pip said \u001b]0;owned\u0007\nstate: IDLE", context.Now),
        });

        foreach (var command in new[] { "status", "explain-state" })
        {
            var text = home.Run(command).Out;
            text.ShouldNotContain('\u001b');
            text.ShouldNotContain("\nstate: IDLE");
            text.ShouldContain("pip said \\u{001B}]0;owned\\u{0007}\\u{000A}state: IDLE");
        }
    }
}
