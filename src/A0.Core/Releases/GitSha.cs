namespace A0.Releases;

public static class GitSha
{
    public static bool IsValid(string? sha) => sha is { Length: 40 } && sha.All(char.IsAsciiHexDigitLower);
}
