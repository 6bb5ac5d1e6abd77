using System.CommandLine;

namespace A0.Cli.Commands;

public static class CommandCatalog
{
    public static IEnumerable<Command> Create(Invocation invocation) =>
    [
        InitCommand.Create(invocation),
        StatusCommand.Create(invocation),
        ExplainStateCommand.Create(invocation),
        ClearFailureCommand.Create(invocation),
        RecoverCommand.Create(invocation),
        AuditCommand.Create(invocation),
        AuthorityCommands.Grant(invocation),
        AuthorityCommands.Revoke(invocation),
        AuthorityCommands.Show(invocation),
        EnvCommand.Create(invocation),
        DoctorCommand.Create(invocation),
    ];
}
