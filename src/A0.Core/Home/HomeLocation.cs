namespace A0.Home;

/// <summary>The home a command uses and what chose it (--home, $A0_HOME or the default), for messages that say where a0 looked.</summary>
public sealed record HomeLocation(HomeLayout Layout, string ChosenBy)
{
    /// <summary>
    /// Whether a home is here: a managed one (state.json, or version.json should state.json be lost), or one whose init or eject
    /// was interrupted (journal.json). An ejected home keeps .billy/ for its builds and its record, but is no home.
    /// A user who may not look into .billy/ is told that (exit 3) by whatever reads it next, not that there is no home.
    /// </summary>
    public bool HasMetadata =>
        new[] { Layout.StateFile, Layout.VersionFile, Layout.JournalFile }.Any(file => Staging.UnixFiles.TryLstat(file, out _) is 0 or Staging.UnixFiles.PermissionDenied);
}
