using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace A0.Cli;

/// <summary>The parser's complaints in a person's words: what was wrong on the command line, no .NET type names.</summary>
public static partial class UsageMessage
{
    public static string From(ParseResult parse)
    {
        var command = parse.CommandResult;
        var problems = parse.Errors.Select(error => Describe(error.Message, command)).Distinct().ToList();
        // An unknown word already explains why no command was found.
        if (problems.Count > 1) problems.RemoveAll(p => p.StartsWith(NeedsCommand(command), StringComparison.Ordinal));
        return $"{string.Join("; ", problems)} (see `{Name(command)} --help`)";
    }

    private static string Describe(string message, CommandResult command)
    {
        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal)) return NeedsCommand(command);
        if (Unrecognized().Match(message) is { Success: true } unknown)
        {
            return command.Command is RootCommand
                ? $"'{unknown.Groups["token"].Value}' is not an a0 command"
                : $"`{Name(command)}` does not take '{unknown.Groups["token"].Value}'";
        }
        if (CannotParse().Match(message) is { Success: true } value)
        {
            return $"{value.Groups["option"].Value} needs {Expected(value.Groups["type"].Value)}, not '{value.Groups["token"].Value}'";
        }
        if (NotOneOf().Match(message) is { Success: true } choice)
        {
            var allowed = Quoted().Matches(choice.Groups["allowed"].Value).Select(m => m.Groups["value"].Value);
            return $"'{choice.Groups["token"].Value}' is not one of: {string.Join(", ", allowed)}";
        }
        if (RequiredOption().Match(message) is { Success: true } option) return $"`{Name(command)}` needs {option.Groups["option"].Value}";
        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            return $"`{Name(command)}` needs {string.Join(" and ", command.Command.Arguments.Select(a => $"<{a.Name}>"))}";
        }
        return TypeName().Replace(message.TrimEnd('.'), "a value");
    }

    private static string NeedsCommand(CommandResult command) => command.Command is RootCommand
        ? "no command given"
        : $"`{Name(command)}` needs one of: {string.Join(", ", command.Command.Subcommands.Select(c => c.Name))}";

    private static string Expected(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
        "System.Boolean" => "true or false",
        _ => "a valid value",
    };

    private static string Name(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{Name(parent)} {command.Command.Name}" : "a0";

    [GeneratedRegex("^Unrecognized command or argument '(?<token>.*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Unrecognized();

    [GeneratedRegex("^Cannot parse argument '(?<token>.*)' for (option|command) '(?<option>.*)' as expected type '(?<type>.*)'", RegexOptions.CultureInvariant)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Argument '(?<token>.*)' not recognized\. Must be one of:(?<allowed>.*)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex NotOneOf();

    [GeneratedRegex("^Option '(?<option>.*)' is required", RegexOptions.CultureInvariant)]
    private static partial Regex RequiredOption();

    [GeneratedRegex("'(?<value>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"'?System\.[\w.`\[\]]+'?", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();
}
