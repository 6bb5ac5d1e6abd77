using A0.State;

namespace A0.Promotion;

/// <summary>confirm (human): COMPLETE → IDLE, and the live version becomes known-good (known_good.json keeps the history).</summary>
public sealed class ConfirmService(Operations.CommandSession session)
{
    public string Confirm()
    {
        StateMachine.Require(session.State, "confirm", OperationState.Complete);
        var context = session.Context;
        var version = context.Metadata.Version.Read().CurrentVersion;
        var knownGood = context.Metadata.KnownGood.ReadOrNull();
        var entry = new KnownGoodEntry(version, context.Now, "confirmed");
        context.Metadata.KnownGood.Write(new KnownGoodRecord { Version = version, History = [.. knownGood?.History ?? [], entry] });
        session.StateMachine.Transition(session.Actor, OperationState.Idle, "confirmation_received", version: version,
            details: new System.Text.Json.Nodes.JsonObject { ["known_good_before"] = knownGood?.Version });
        return version;
    }
}
