using System.Text.Json.Serialization;

namespace A0.Approvals;

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("denied")] Denied,
    [JsonStringEnumMemberName("used")] Used,
}
