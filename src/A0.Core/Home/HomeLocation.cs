namespace A0.Home;

/// <summary>The home a command uses and what chose it (--home, $A0_HOME or the default), for messages that say where a0 looked.</summary>
public sealed record HomeLocation(HomeLayout Layout, string ChosenBy)
{
    /// <summary>Whether .billy/ is there: a managed home, or one whose init was interrupted.</summary>
    public bool HasMetadata => Directory.Exists(Layout.Billy);
}
