using System.CommandLine;

namespace A0.Cli.Commands;

public static class CommandCatalog
{
    public static IEnumerable<Command> Create(Invocation invocation) =>
    [
        InitCommand.Create(invocation),
        EjectCommand.Create(invocation),
        StatusCommand.Create(invocation),
        ExplainStateCommand.Create(invocation),
        ReleaseCommands.CheckUpdates(invocation),
        ApprovalCommands.Request(invocation),
        ApprovalCommands.Pending(invocation),
        ApprovalCommands.Approve(invocation),
        ApprovalCommands.Deny(invocation),
        ApprovalCommands.Statement(invocation),
        StagingCommands.Begin(invocation),
        StagingCommands.Abandon(invocation),
        StagingCommands.Status(invocation),
        ArtifactCommands.List(invocation),
        ArtifactCommands.Verify(invocation),
        ArtifactCommands.Cleanup(invocation),
        ValidationCommands.Validate(invocation),
        ValidationCommands.Report(invocation),
        PromotionCommands.Promote(invocation),
        PromotionCommands.Confirm(invocation),
        PromotionCommands.Rollback(invocation),
        ClearFailureCommand.Create(invocation),
        RecoverCommand.Create(invocation),
        AuditCommand.Create(invocation),
        AuthorityCommands.Grant(invocation),
        AuthorityCommands.Revoke(invocation),
        AuthorityCommands.Show(invocation),
        SudoersCommand.Create(invocation),
        EnvCommand.Create(invocation),
        DoctorCommand.Create(invocation),
        Demo.DemoCommand.Create(invocation),
    ];
}
