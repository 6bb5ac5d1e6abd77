using A0.Processes;
using A0.Storage;

namespace A0.Home;

/// <summary>
/// The home's owner is the owner of .billy/ (CONTRACT §3). Only that uid changes the home, root included in the refusal, so no
/// file in it is ever owned by someone else; another user runs a0 as the owner through sudo (see SudoInvocation).
/// </summary>
public static class HomeOwner
{
    public const string NotOwnerCode = "not_home_owner";

    /// <summary>The uid owning .billy/, or null when there is no .billy/ yet.</summary>
    public static int? Uid(HomeLayout home) => Directory.Exists(home.Billy) ? (int)Statx.Of(home.Billy).Uid : null;

    public static void Require(A0Context context, string command)
    {
        if (Uid(context.Home) is not { } owner || owner == UnixUser.EffectiveId) return;
        var name = UnixUser.Find(owner)?.Name ?? $"uid {owner}";
        var self = UnixUser.Find(UnixUser.EffectiveId)?.Name ?? $"uid {UnixUser.EffectiveId}";
        throw new A0Exception(ExitCode.AuthorityDenied, NotOwnerCode,
            $"`a0 {command}` changes the home, which belongs to '{name}' (the owner of {context.Home.Billy}); run it as '{name}' (e.g. `sudo -u {name} a0 …`), not as '{self}'");
    }
}
