using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using A0.Staging;
using A0.Tests.Support;

namespace A0.Tests.Staging;

public sealed class TreeHasherTests : IDisposable
{
    // CONTRACT §9 with the tools a user has: find (no symlink following, pruned exclusions), sort in byte order,
    // sha256sum for content, readlink -n for link targets. Prints the lines, then "tree_hash <sha256 of the lines>".
    private const string Recompute = """
        set -euo pipefail
        cd "$1"; shift
        prune=()
        for excluded in "$@"; do prune+=(-path "./${excluded%/}" -o); done
        recipe() {
          find . \( "${prune[@]}" -false \) -prune -o \( -type f -o -type l \) -printf '%P\0' | LC_ALL=C sort -z |
          while IFS= read -r -d '' path; do
            if [ -L "$path" ]; then kind=l; hash=$(readlink -n -- "$path" | sha256sum)
            elif (( 0x$(stat -c %f -- "$path") & 0111 )); then kind=x; hash=$(sha256sum < "$path")
            else kind=f; hash=$(sha256sum < "$path"); fi
            printf '%s %s %s\n' "$kind" "${hash%% *}" "$path"
          done
        }
        lines=$(recipe; printf .)
        printf '%s' "${lines%.}"
        printf 'tree_hash %s\n' "$(printf '%s' "${lines%.}" | sha256sum | cut -d' ' -f1)"
        """;

    // CONTRACT §9 from git's own record of a commit of the tree: modes give the kinds (git keeps only the owner's
    // execute bit, so the tree has no file executable by others alone), blobs give the contents and link targets.
    private const string RecomputeFromGitObjects = """
        set -euo pipefail
        cd "$1"
        git ls-tree -r -z HEAD | while IFS= read -r -d '' entry; do
          read -r mode _ object <<<"${entry%%$'\t'*}"
          path=${entry#*$'\t'}
          case $mode in 100755) kind=x ;; 100644) kind=f ;; 120000) kind=l ;; *) echo "unexpected mode $mode" >&2; exit 1 ;; esac
          printf '%s\t%s %s %s\n' "$path" "$kind" "$(git cat-file blob "$object" | sha256sum | cut -d' ' -f1)" "$path"
        done | LC_ALL=C sort -t$'\t' -k1,1 | cut -f2- | sha256sum | cut -d' ' -f1
        """;

    private static readonly HashSet<string> UserData =
        [".git", "usr", "tmp", "logs", ".env", "memory", "knowledge/custom", "instruments/custom/"];

    private readonly TempDirectory temp = new("a0-hash");

    public TreeHasherTests() => BuildSampleTree();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Root => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Tree_hash_matches_an_independent_recomputation_with_find_sha256sum_and_readlink()
    {
        var checksums = Hash();

        var output = await TestProcess.OutputAsync("bash", ["-c", Recompute, "recompute", Root, .. UserData], cancellationToken: Token);
        var split = output.LastIndexOf("tree_hash ", StringComparison.Ordinal);
        string.Concat(RecipeLines.Of(checksums)).ShouldBe(output[..split]);
        checksums.TreeHash.ShouldBe(output[split..].Split(' ')[1].Trim());
    }

    [Fact]
    public async Task Tree_hash_matches_a_recomputation_from_the_git_objects_of_a_commit_of_the_tree()
    {
        File.Delete(Path.Combine(Root, "others-may-run"));
        Directory.Delete(Path.Combine(Root, ".git"), recursive: true);
        var git = new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_AUTHOR_NAME"] = "Test", ["GIT_AUTHOR_EMAIL"] = "test@example.invalid", ["GIT_COMMITTER_NAME"] = "Test", ["GIT_COMMITTER_EMAIL"] = "test@example.invalid",
        };
        await TestProcess.OutputAsync("git", ["init", "-q"], Root, git, Token);
        await TestProcess.OutputAsync("git", ["add", "-A", "--", ".", .. UserData.Where(path => path != ".git").Select(path => $":(exclude){path}")], Root, git, Token);
        await TestProcess.OutputAsync("git", ["commit", "-qm", "the tree"], Root, git, Token);

        var fromGit = await TestProcess.OutputAsync("bash", ["-c", RecomputeFromGitObjects, "recompute", Root], environment: git, cancellationToken: Token);

        Hash().TreeHash.ShouldBe(fromGit.Trim());
    }

    [Fact]
    public void Entries_are_in_the_byte_order_of_their_UTF_8_paths_not_UTF_16_order()
    {
        var paths = Hash().Files.Keys.ToList();

        paths.ShouldBe(paths.OrderBy(Encoding.UTF8.GetBytes, ByteOrder.Instance).ToList());
        paths.IndexOf("\uFB01le.txt").ShouldBeLessThan(paths.IndexOf("\U0001F600.txt"));
        string.CompareOrdinal("\uFB01le.txt", "\U0001F600.txt").ShouldBePositive("UTF-16 order would put the emoji first");
        paths.IndexOf("a-b.txt").ShouldBeLessThan(paths.IndexOf("a/b.txt"));
    }

    [Fact]
    public void The_path_comparer_orders_like_the_UTF_8_bytes()
    {
        string[] paths = ["z", "a/b", "a-b", "a", "", "\u007F", "\u0080", "\uD7FF", "\uE000", "\uFB01", "\uFFFF", "\U00010000", "\U0001F600", "a\U0001F600", "a\uFB01"];

        paths.Order(Utf8PathComparer.Instance).ShouldBe(paths.OrderBy(Encoding.UTF8.GetBytes, ByteOrder.Instance));
    }

    [Fact]
    public void A_symlink_is_an_entry_hashed_by_its_target_and_never_followed()
    {
        var checksums = Hash();

        checksums.Kinds["link-to-file"].ShouldBe("l");
        checksums.Kinds["link-to-dir"].ShouldBe("l");
        checksums.Kinds["dangling"].ShouldBe("l");
        checksums.Files["link-to-dir"].ShouldBe(Sha256("nested"));
        checksums.Files["dangling"].ShouldBe(Sha256("missing/target"));
        checksums.Files.Keys.ShouldNotContain(path => path.StartsWith("link-to-dir/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_with_any_execute_bit_has_kind_x_and_others_kind_f()
    {
        var kinds = Hash().Kinds;

        kinds["run.sh"].ShouldBe("x");
        kinds["others-may-run"].ShouldBe("x");
        kinds["README.md"].ShouldBe("f");
        kinds["nested/deep/module.py"].ShouldBe("f");
    }

    [Fact]
    public void Excluded_paths_and_everything_below_them_are_left_out_but_look_alike_names_are_kept()
    {
        var paths = Hash().Files.Keys.ToList();

        paths.ShouldNotContain(path => UserData.Select(excluded => excluded.TrimEnd('/'))
            .Any(excluded => path == excluded || path.StartsWith(excluded + "/", StringComparison.Ordinal)));
        paths.ShouldContain("knowledge/default/base.md");
        paths.ShouldContain("usr-notes.txt");
        paths.ShouldContain(".hidden");
    }

    [Fact]
    public void Counts_bytes_and_content_hashes_cover_every_entry()
    {
        var checksums = Hash();

        checksums.FileCount.ShouldBe(checksums.Kinds.Count);
        checksums.Files.Keys.ShouldBe(checksums.Kinds.Keys);
        var regular = checksums.Kinds.Where(kind => kind.Value != "l").Select(kind => kind.Key).ToList();
        checksums.TotalBytes.ShouldBe(regular.Sum(path => new FileInfo(Path.Combine(Root, path)).Length));
        checksums.Files["big.bin"].ShouldBe(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Root, "big.bin")))));
        checksums.Files["empty.txt"].ShouldBe(Sha256(""));
    }

    [Fact]
    public async Task The_same_tree_elsewhere_has_the_same_tree_hash()
    {
        using var copy = new TempDirectory("a0-hash-copy");
        await TestProcess.OutputAsync("cp", ["-a", $"{Root}/.", copy.Path], cancellationToken: Token);

        TreeHasher.Compute(copy.Path, UserData, cancellationToken: Token).TreeHash.ShouldBe(Hash().TreeHash);
    }

    [Fact]
    public void The_lines_recompute_the_tree_hash_even_from_unordered_maps()
    {
        var checksums = Hash();
        var files = new Dictionary<string, string>(checksums.Files.Reverse());
        var kinds = new Dictionary<string, string>(checksums.Kinds);

        RecipeLines.Hash(RecipeLines.Of(checksums)).ShouldBe(checksums.TreeHash);
        RecipeLines.Hash(RecipeLines.Of(files, kinds)).ShouldBe(checksums.TreeHash);
    }

    [Fact]
    public void Progress_ends_with_every_entry_and_byte_hashed()
    {
        var progress = new Recorder();

        var checksums = TreeHasher.Compute(Root, UserData, progress, Token);

        progress.Reports.ShouldNotBeEmpty();
        progress.Reports[^1].ShouldBe(new HashProgress(checksums.FileCount, checksums.TotalBytes, checksums.FileCount));
    }

    [Fact]
    public void A_cancelled_hash_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => TreeHasher.Compute(Root, UserData, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task A_fifo_fails_the_hash_naming_its_path()
    {
        await TestProcess.OutputAsync("mkfifo", [Path.Combine(Root, "nested", "pipe")], cancellationToken: Token);

        var failure = Should.Throw<A0Exception>(() => Hash());

        failure.ExitCode.ShouldBe(ExitCode.OperationFailed);
        failure.Code.ShouldBe("unsafe_tree");
        failure.Message.ShouldContain("nested/pipe is a fifo");
    }

    [Fact]
    public void A_socket_fails_the_hash_naming_its_path()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(Root, "nested", "deep", "agent.sock")));

        Should.Throw<A0Exception>(() => Hash()).Message.ShouldContain("nested/deep/agent.sock is a socket");
    }

    [Fact]
    public void A_name_with_a_control_character_fails_naming_the_path_printably()
    {
        File.WriteAllText(Path.Combine(Root, "nested", "bad\u0001name"), "");

        var failure = Should.Throw<A0Exception>(() => Hash());

        failure.Code.ShouldBe("unsafe_tree");
        failure.Message.ShouldContain(@"nested/bad\x01name");
        failure.Details["path"]!.GetValue<string>().ShouldBe(@"nested/bad\x01name");
    }

    [Fact]
    public async Task A_name_that_is_not_valid_UTF_8_fails_naming_the_path()
    {
        // .NET cannot name such a file, so bash makes it and removes it.
        await TestProcess.OutputAsync("bash", ["-c", "touch \"$1\"/$'caf\\xe9.txt'", "", Path.Combine(Root, "nested")], cancellationToken: Token);
        try
        {
            var failure = Should.Throw<A0Exception>(Hash);

            failure.Code.ShouldBe("unsafe_tree");
            failure.Message.ShouldContain("nested/caf");
            failure.Message.ShouldContain("not valid UTF-8");
        }
        finally
        {
            await TestProcess.OutputAsync("bash", ["-c", "rm \"$1\"/$'caf\\xe9.txt'", "", Path.Combine(Root, "nested")], cancellationToken: Token);
        }
    }

    [Fact]
    public async Task Anything_under_an_excluded_path_is_ignored_even_a_fifo_or_a_bad_name()
    {
        var before = Hash().TreeHash;
        await TestProcess.OutputAsync("mkfifo", [Path.Combine(Root, "usr", "pipe")], cancellationToken: Token);
        File.WriteAllText(Path.Combine(Root, "knowledge", "custom", "bad\u001bname"), "");

        Hash().TreeHash.ShouldBe(before);
    }

    private TreeChecksums Hash() => TreeHasher.Compute(Root, UserData, cancellationToken: Token);

    private void BuildSampleTree()
    {
        Write("README.md", "hello\n");
        Write("run.sh", "#!/bin/sh\necho hi\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Write("others-may-run", "x\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherExecute);
        Write("empty.txt", "");
        Write(".hidden", "dotfiles count\n");
        Write("a-b.txt", "dash\n");
        Write("a/b.txt", "slash\n");
        Write("nested/deep/module.py", "print('deep')\n");
        Write("\uFB01le.txt", "ligature\n");
        Write("\U0001F600.txt", "emoji\n");
        Write("caf\u00E9/menu.txt", "accents\n");
        Write("knowledge/default/base.md", "shipped knowledge\n");
        Write("usr-notes.txt", "not user data: only usr/ is\n");
        Write(".git/HEAD", "ref: refs/heads/main\n");
        Write("usr/settings.json", "{}\n");
        Write("knowledge/custom/mine.md", "the user's\n");
        Write("instruments/custom/tool.py", "the user's too\n");
        Write(".env", "SECRET=1\n");
        var big = new byte[(1024 * 1024) + 17];
        new Random(9).NextBytes(big);
        File.WriteAllBytes(Path.Combine(Root, "big.bin"), big);
        File.CreateSymbolicLink(Path.Combine(Root, "link-to-file"), "README.md");
        File.CreateSymbolicLink(Path.Combine(Root, "link-to-dir"), "nested");
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), "missing/target");
    }

    private void Write(string relativePath, string content, UnixFileMode? mode = null)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } unixMode)
        {
            File.SetUnixFileMode(path, unixMode);
        }
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    private sealed class Recorder : IProgress<HashProgress>
    {
        private readonly Lock gate = new();

        public List<HashProgress> Reports { get; } = [];

        public void Report(HashProgress value)
        {
            lock (gate)
            {
                Reports.Add(value);
            }
        }
    }
}
