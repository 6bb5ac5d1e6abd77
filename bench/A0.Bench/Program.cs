using System.Diagnostics;
using System.Globalization;
using A0.Staging;

// generate <dir> <scale>: a deterministic tree of 30,000 × scale files, ~600 MB × scale.
// hash <dir> <runs>:      "<best seconds> <files> <bytes> <tree_hash>" over that many runs of TreeHasher.Compute.
// verify <home> <version> <runs>: "<seconds> <cpu seconds>" of each ArtifactVerifier.Verify call in this process.
// vendored <tree> <wheels>: the vendored tree and payload wheel of the release verify-bench.sh stages (VendoredRelease).
// workload <dir> <requirements files…>: the staging bench's wheels and release tree (StagingWorkload).
return args switch
{
    ["generate", var dir, var scale] => Generate(dir, double.Parse(scale, CultureInfo.InvariantCulture)),
    ["hash", var dir, var runs] => Hash(dir, int.Parse(runs, CultureInfo.InvariantCulture)),
    ["vendored", var tree, var wheels] => VendoredRelease.Generate(tree, wheels),
    ["verify", var home, var version, var runs] => Verify(home, version, int.Parse(runs, CultureInfo.InvariantCulture)),
    ["workload", var dir, .. var requirements] when requirements.Length > 0 => StagingWorkload.Generate(dir, requirements),
    _ => Usage(),
};

static int Generate(string root, double scale)
{
    var random = new Random(20261125);
    var content = new byte[2 * 1024 * 1024];
    random.NextBytes(content);
    (int Count, int MinBytes, int MaxBytes)[] bands =
    [
        (26_000, 0, 4 * 1024),
        (3_800, 4 * 1024, 128 * 1024),
        (200, 1024 * 1024, 2 * 1024 * 1024),
    ];
    var index = 0;
    foreach (var (count, minBytes, maxBytes) in bands)
    {
        for (var i = 0; i < (int)(count * scale); i++, index++)
        {
            var directory = Path.Join(root, $"pkg{index % 40:d2}", $"mod{index / 40 % 25:d2}");
            Directory.CreateDirectory(directory);
            var path = Path.Join(directory, $"file{index:d5}.py");
            var length = random.Next(minBytes, maxBytes + 1);
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content, random.Next(content.Length - length + 1), length);
            }
            if (index % 20 == 0)
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
            }
        }
    }
    return 0;
}

static int Hash(string root, int runs)
{
    var best = TimeSpan.MaxValue;
    TreeChecksums? checksums = null;
    for (var run = 0; run < runs; run++)
    {
        var stopwatch = Stopwatch.StartNew();
        checksums = TreeHasher.Compute(root, new HashSet<string>());
        if (stopwatch.Elapsed < best)
        {
            best = stopwatch.Elapsed;
        }
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{best.TotalSeconds:F3} {checksums!.FileCount} {checksums.TotalBytes} {checksums.TreeHash}"));
    return 0;
}

static int Verify(string home, string version, int runs)
{
    var context = new A0.A0Context(new A0.Home.HomeLayout(home), new Dictionary<string, string?>());
    var process = Process.GetCurrentProcess();
    for (var run = 0; run < runs; run++)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var (_, result) = new A0.Artifacts.ArtifactVerifier(context).Verify(version);
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:F3} {(process.TotalProcessorTime - cpu).TotalSeconds:F3} {result.Summary}"));
    }
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: A0.Bench generate <dir> <scale> | hash <dir> <runs> | verify <home> <version> <runs> | vendored <tree> <wheels> | workload <dir> <requirements files…>");
    return 2;
}
