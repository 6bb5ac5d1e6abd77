namespace A0.Eject;

/// <param name="Record">Where the home's metadata (and in a copied eject, the original release and data) now lie.</param>
/// <param name="BuildsKept">.billy/builds/ when it is there: it stays, for the app's .venv may link into it.</param>
/// <param name="VenvLinksTo">Where the app path's .venv links (a build's venv), or null when it is a directory of its own.</param>
/// <param name="Skipped">User data a copied eject could not copy (it stays in the record), with why.</param>
/// <param name="Resumed">This run finished an eject that a dead process had begun.</param>
public sealed record EjectResult(string Version, string AppPath, string Record, bool Copied, string? BuildsKept, string? VenvLinksTo,
    IReadOnlyList<string> Skipped, bool Resumed);
