using System.Text.Json.Nodes;
using A0.Storage;

namespace A0.Validation;

/// <summary>
/// memory_initialization: the release's memory directory leads into the scratch user data (never the user's own), and a
/// memory store can be made, written and read there through the release's path, as the app does at start.
/// </summary>
public sealed class MemoryInitializationCheck : IValidationCheck
{
    public string Name => "memory_initialization";

    public async Task<CheckResult> RunAsync(CheckContext check, CancellationToken cancellationToken)
    {
        var memory = Path.Combine(check.Scratch.Release, check.Config.MemoryDir);
        var scratchMemory = Path.Combine(check.Scratch.Data, check.Config.MemoryDir);
        var details = new JsonObject { ["path"] = check.Config.MemoryDir };
        if (!Symlink.PointsTo(memory, scratchMemory))
        {
            return CheckResult.Fail(0, $"{check.Config.MemoryDir} in the release is not linked into the user data (is it in config user_data?)", details);
        }
        var store = Path.Combine(memory, "a0-validation");
        Directory.CreateDirectory(store);
        var probe = Path.Combine(store, "index.json");
        await File.WriteAllTextAsync(probe, "{\"documents\": []}", cancellationToken).ConfigureAwait(false);
        var readBack = await File.ReadAllTextAsync(Path.Combine(scratchMemory, "a0-validation", "index.json"), cancellationToken).ConfigureAwait(false);
        details["initialized"] = Path.Combine(check.Config.MemoryDir, "a0-validation");
        return readBack == "{\"documents\": []}"
            ? CheckResult.Pass(0, details)
            : CheckResult.Fail(0, "what was written to the memory store did not read back", details);
    }
}
