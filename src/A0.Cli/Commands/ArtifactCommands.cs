using System.CommandLine;
using System.Text.Json.Nodes;
using A0.Artifacts;
using A0.Authority;
using A0.Cli.Output;
using A0.Integrity;
using A0.Operations;

namespace A0.Cli.Commands;

/// <summary>list-artifacts, verify-artifact, cleanup-artifacts.</summary>
public static class ArtifactCommands
{
    public static Command List(Invocation invocation)
    {
        var command = new Command("list-artifacts", "Staged artifacts, newest first");
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.ReadOnly(scope.Context, "list-artifacts");
            var current = scope.Context.Metadata.Version.ReadOrNull()?.CurrentVersion;
            var knownGood = scope.Context.Metadata.KnownGood.ReadOrNull()?.Version;
            var artifacts = new ArtifactStore(scope.Context).All();
            var lines = artifacts.Select(a =>
                $"{a.Version,-16} {a.Manifest.BuiltAt:u} {a.Manifest.CommitSha[..12]} {a.Manifest.Checksums.TreeHash[..16]}… {a.Manifest.SizeBytes / 1048576.0,8:0.0} MB{(a.Version == current ? " current" : "")}{(a.Version == knownGood ? " known-good" : "")}");
            return new CommandOutput(new JsonObject
            {
                ["artifacts"] = new JsonArray([.. artifacts.Select(a => (JsonNode)new JsonObject
                {
                    ["version"] = a.Version,
                    ["built_at"] = a.Manifest.BuiltAt,
                    ["commit_sha"] = a.Manifest.CommitSha,
                    ["tree_hash"] = a.Manifest.Checksums.TreeHash,
                    ["size_bytes"] = a.Manifest.SizeBytes,
                    ["build_id"] = a.Manifest.BuildId,
                    ["is_current"] = a.Version == current,
                    ["is_known_good"] = a.Version == knownGood,
                })]),
            }, artifacts.Count == 0 ? ["No artifacts."] : [.. lines]);
        });
        return command;
    }

    public static Command Verify(Invocation invocation)
    {
        var version = VersionArgument.Create();
        var command = new Command("verify-artifact", "Re-hash an artifact (tree and venv) against its manifest; exit 6 naming what changed") { version };
        invocation.Bind(command, scope =>
        {
            var tag = VersionArgument.Of(scope, version);
            using var session = CommandSession.ReadOnly(scope.Context, "verify-artifact");
            var (artifact, result) = new ArtifactVerifier(scope.Context).Verify(tag, scope.Cancellation);
            if (!result.IsIntact)
            {
                IntegrityPolicy.Enforce(scope.Context, new IntegrityFinding(IntegrityFinding.ArtifactTampered, $"{tag}: {result.Summary}"));
                throw new A0Exception(ExitCode.Integrity, "integrity_violation", $"artifact {tag} does not match its manifest: {result.Summary}")
                {
                    Details = new Dictionary<string, JsonNode?>
                    {
                        ["changed"] = string.Join(",", result.Changed),
                        ["added"] = string.Join(",", result.Added),
                        ["missing"] = string.Join(",", result.Missing),
                    },
                };
            }
            return CommandOutput.Of($"Artifact {tag} matches its manifest ({artifact.Manifest.Checksums.Files.Count} tree files, {artifact.Manifest.VenvChecksums.Files.Count} venv files; tree_hash {artifact.Manifest.Checksums.TreeHash}).",
                new JsonObject { ["version"] = tag, ["intact"] = true, ["tree_hash"] = artifact.Manifest.Checksums.TreeHash, ["virtualenv_hash"] = artifact.Manifest.VirtualenvHash });
        });
        return command;
    }

    public static Command Cleanup(Invocation invocation)
    {
        var keep = new Option<int>("--keep") { Description = "How many of the newest artifacts to keep", DefaultValueFactory = _ => 2 };
        var command = new Command("cleanup-artifacts", "Remove old artifacts (never current, known-good, awaiting validation, or used by a release) (executor)") { keep };
        invocation.Bind(command, scope =>
        {
            using var session = CommandSession.Mutating(scope.Context, "cleanup-artifacts", AuthorityLevel.Executor);
            var removed = new ArtifactCleanup(session).Run(scope.Value(keep));
            return CommandOutput.Of(removed.Count == 0 ? "Nothing to remove." : $"Removed {string.Join(", ", removed)}.", new JsonObject { ["removed"] = Json.Array(removed) });
        });
        return command;
    }
}
