using System.Collections;
using System.Globalization;

namespace A0.Demo;

/// <summary>What the demo's own git and pip see: never the user's configuration (CONTRACT §10).</summary>
public static class DemoEnvironment
{
    public const string AuthorName = "Agent Zero Sample";
    public const string AuthorEmail = "sample@agent-zero.invalid";

    /// <summary>Git with no global or system config and a fixed identity; <paramref name="date"/> fixes author and committer dates.</summary>
    public static IReadOnlyDictionary<string, string?> Git(DateTimeOffset? date = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_AUTHOR_NAME"] = AuthorName,
            ["GIT_AUTHOR_EMAIL"] = AuthorEmail,
            ["GIT_COMMITTER_NAME"] = AuthorName,
            ["GIT_COMMITTER_EMAIL"] = AuthorEmail,
            ["GIT_DIR"] = null,
            ["GIT_WORK_TREE"] = null,
            ["GIT_INDEX_FILE"] = null,
            ["GIT_OBJECT_DIRECTORY"] = null,
            ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = null,
            ["LC_ALL"] = "C",
        };
        if (date is { } when)
        {
            var raw = string.Create(CultureInfo.InvariantCulture, $"@{when.ToUnixTimeSeconds()} +0000");
            environment["GIT_AUTHOR_DATE"] = raw;
            environment["GIT_COMMITTER_DATE"] = raw;
        }
        return environment;
    }

    /// <summary>Pip that installs only from <paramref name="findLinks"/>: every inherited PIP_* variable removed, no config file, no index.</summary>
    public static IReadOnlyDictionary<string, string?> Pip(string findLinks)
    {
        var environment = new Dictionary<string, string?>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith("PIP_", StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }
        environment["PIP_CONFIG_FILE"] = "/dev/null";
        environment["PIP_NO_INDEX"] = "1";
        environment["PIP_FIND_LINKS"] = findLinks;
        return environment;
    }
}
