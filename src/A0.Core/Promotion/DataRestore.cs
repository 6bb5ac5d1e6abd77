using A0.Operations;
using A0.Processes;
using A0.Staging;
using A0.Storage;

namespace A0.Promotion;

/// <summary>
/// `rollback --restore-data`: data/ is replaced by a copy of a snapshot, made beside it under the journaled aside name and
/// swapped in one step (renameat2 exchange where the filesystem has it); the replaced data, now under the aside name, is
/// removed last. Each step is journaled, so a crash anywhere is finished by running it again.
/// </summary>
public sealed class DataRestore(A0Context context)
{
    public const string Copied = "restore_copied";
    public const string Swapped = "restore_swapped";

    public static string AsideFor(A0Context context) =>
        Path.Combine(context.Home.Root, $".data.a0-restore-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}");

    /// <summary>Runs the restore from the step the journal has reached; the journal's step moves as it goes.</summary>
    public void Run(OperationJournal journal, string snapshotData, string aside)
    {
        if (journal.Current.Step != Swapped)
        {
            if (journal.Current.Step != Copied)
            {
                BuildDirectory.Delete(aside + ".partial");
                BuildDirectory.Delete(aside);
                TreeCopy.UserData(snapshotData, aside + ".partial");
                Posix.Rename(aside + ".partial", aside);
                journal.Step(Copied);
            }
            Swap(context.Home.Data, aside);
            journal.Step(Swapped);
        }
        BuildDirectory.Delete(aside);
    }

    private static void Swap(string data, string aside)
    {
        if (Posix.TryExchange(data, aside)) return;
        var old = aside + ".old";
        if (Directory.Exists(data)) Posix.Rename(data, old);
        Posix.Rename(aside, data);
        Posix.Rename(old, aside);
    }
}
