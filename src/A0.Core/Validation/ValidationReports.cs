using System.Globalization;
using A0.Storage;

namespace A0.Validation;

/// <summary>Where reports live: the latest per version, and a history of the newest ten runs.</summary>
public sealed class ValidationReports(A0Context context)
{
    public const int HistoryKept = 10;

    public MetadataFile<ValidationReport> Latest(string version) =>
        new(Path.Combine(Directory(version), "latest_report.json"), A0Json.Default.ValidationReport);

    public string LatestPath(string version) => Latest(version).Path;

    public void Write(ValidationReport report)
    {
        var history = Path.Combine(Directory(report.Version), "history");
        System.IO.Directory.CreateDirectory(history);
        var name = report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + ".json";
        new MetadataFile<ValidationReport>(Path.Combine(history, name), A0Json.Default.ValidationReport).Write(report);
        Latest(report.Version).Write(report);
        foreach (var old in System.IO.Directory.EnumerateFiles(history, "*.json").Order(StringComparer.Ordinal).SkipLast(HistoryKept)) File.Delete(old);
    }

    private string Directory(string version) => Path.Combine(context.Home.Validation, Releases.TagName.Require(version));
}
