using System.CommandLine;
using A0.Cli.Output;

namespace A0.Cli;

/// <summary>What a command body gets: its context, the renderer for warnings and progress, and its parsed arguments.</summary>
public sealed record CommandScope(A0Context Context, Renderer Renderer, ParseResult Parse, CancellationToken Cancellation)
{
    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);
}
