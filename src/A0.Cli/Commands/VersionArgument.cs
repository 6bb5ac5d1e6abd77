using System.CommandLine;
using A0.Releases;

namespace A0.Cli.Commands;

/// <summary>A version on the command line, checked against the tag allow-list before anything touches disk or a subprocess (exit 2).</summary>
public static class VersionArgument
{
    public static Argument<string> Create() => new("version") { Description = "A release tag such as v0.9.8" };

    public static string Of(CommandScope scope, Argument<string> argument) => TagName.Require(scope.Value(argument));
}
