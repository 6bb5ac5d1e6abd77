namespace A0.State;

/// <summary>Reason codes that other code looks for in the record.</summary>
public static class TransitionReasons
{
    public const string PromotionCompleted = "promotion_completed";
    public const string RollbackCompleted = "rollback_completed";
}
