#!/usr/bin/env bash
# Times `a0 promote` of a 1,700-file / 24 MB release over 1 GiB of user data and `a0 rollback` to the adopted release
# (which still exists), each step from the audit log's timestamps, and in the same run `cp -a` of the same bytes (the user
# data, the artifact's tree) as the yardstick for a0's snapshot and release copy; bytes written by each whole process
# (its own and its children's, from getrusage) show what a rollback copies. All through ./a0, start-up included.
# Needs ~9 GB free under WORKDIR (user data, up to six snapshots of it, one cp -a of it).
# Usage: bench/promote-bench.sh [RUNS] [WORKDIR]     (RUNS=3 by default)
#   FS=xfs (root, with mkfs.xfs and a free loop device): runs everything, $TMPDIR included, on an XFS image with
#   reflink, loop-mounted at WORKDIR/xfs and removed at the end, to compare with the filesystem under WORKDIR.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-promote-bench.XXXXXX")}
if [ "${FS:-}" = xfs ]; then
  mkdir -p "$work/xfs"
  truncate -s 12G "$work/xfs.img"
  mkfs.xfs -q -f -m reflink=1 "$work/xfs.img"
  mount -o loop "$work/xfs.img" "$work/xfs"
  trap "umount '$work/xfs' && rm -f '$work/xfs.img'" EXIT
  work="$work/xfs"
  mkdir -p "$work/tmp"
  export TMPDIR="$work/tmp"
fi
. "$repo/bench/switch-lib.sh"
echo "promote bench: $runs runs in $work"
need_space 9000

bench_home
data="$home/data"
if [ ! -f "$data/.bench-user-data" ]; then
  # 1 GiB as Agent Zero users keep it: 8,500 small files (chats, knowledge, logs) and 24 large ones (memory, uploads).
  python3 - "$data" $(( 1 << 30 )) <<'PY'
import os, random, sys
root, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261204)
block = rng.randbytes(64 << 20)
def write(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        while size > 0:
            n = min(size, len(block))
            start = rng.randrange(len(block) - n + 1)
            f.write(block[start:start + n])
            size -= n
used = 0
for pattern, count, low, high in [("usr/chats/c{0:04d}/msg{1:03d}.json", 6000, 2 << 10, 40 << 10),
                                  ("knowledge/custom/main/doc{2:05d}.md", 2000, 4 << 10, 200 << 10),
                                  ("logs/log{2:05d}.html", 500, 10 << 10, 100 << 10)]:
    for i in range(count):
        size = rng.randint(low, high)
        used += size
        write(os.path.join(root, pattern.format(i // 20, i % 20, i)), size)
for i in range(24):
    size = (total - used) // (24 - i)
    used += size
    write(os.path.join(root, "memory/default" if i < 8 else "usr/uploads", f"blob{i:02d}.bin"), size)
open(os.path.join(root, ".bench-user-data"), "w").close()
PY
fi
reflink=no
head -c 65536 /dev/urandom >"$work/reflink.a"
cp --reflink=always "$work/reflink.a" "$work/reflink.b" 2>/dev/null && reflink=yes
rm -f "$work/reflink.a" "$work/reflink.b"

declare -A step order
kb_written() { awk '{ printf "%.0f", $1 / 2 / 1024 }' <<<"$1"; }   # getrusage blocks (512 B) to MiB
timed() { # NAME COMMAND...: runs it after a sync (no dirty pages carried over), records wall seconds and MiB written
  local name=$1 out
  shift
  sync
  started=$(now)
  /usr/bin/time -o "$work/time.out" -f '%e %O' "$@" >/dev/null
  out=$(tail -1 "$work/time.out")
  step[$name wall]+="${out% *} "
  step[$name mib]+="$(kb_written "${out#* }") "
}
steps() { # NAME FROM: the audit events of the operation started at FROM, each with the seconds since the one before
  local name=$1 event seconds
  while read -r event seconds; do
    [ -n "${step[$name $event]:-}" ] || order[$name]+="$event "
    step[$name $event]+="$seconds "
  done < <(audit_times "$2")
}
yardstick() {
  timed "cp -a data" cp -a "$data" "$work/data-copy"
  timed "cp -a tree" cp -a "$home/.billy/artifacts/$tag/tree/." "$work/tree-copy"
  rm -rf "$work/data-copy" "$work/tree-copy"
}
for i in $(seq 1 "$runs"); do
  tag=$(next_tag v1.2)   # a new release every run, as users promote new versions
  publish "$tag" 1700 24000000
  stage "$tag"
  "$a0" --quiet validate
  (( i % 2 )) && yardstick
  timed promote "$a0" promote
  steps promote "$started"
  timed rollback "$a0" rollback
  steps rollback "$started"
  (( i % 2 )) || yardstick
done

med() { median ${step[$1]}; }
build=$(readlink -f "$home/.billy/artifacts/$tag")   # the last run's
files=$(git -C "$build/tree" ls-files | wc -l)
data_files=$(find "$data" -type f | wc -l)
machine
echo "reflink on $(findmnt -no FSTYPE -T "$work"): $reflink (cp --reflink=always of a small file)"
printf 'release %s: %d files, %.1f MB tracked (its tree with .git: %s); user data: %d files, %s\n' "$tag" "$files" \
  "$(git -C "$build/tree" ls-files -z | (cd "$build/tree" && xargs -0 stat -c %s) | awk '{ s += $1 } END { print s / 1e6 }')" \
  "$(du -sh "$build/tree" | cut -f1)" "$data_files" "$(du -sh --exclude=.bench-user-data "$data" | cut -f1)"
show() { # LABEL NAME: the whole process, then each audit event with the seconds since the one before (or since the start)
  local label=$1 name=$2 event values
  printf '%s (median of %d): %.2f s, %s MiB written   [%s]\n' "$label" "$runs" "$(med "$name wall")" "$(med "$name mib")" "${step[$name wall]% }"
  for event in ${order[$name]:-}; do
    values=(${step[$name $event]})
    printf '  %-22s %6.2f s   [%s]%s\n' "$event" "$(median "${values[@]}")" "${values[*]}" "$([ "${#values[@]}" -lt "$runs" ] && echo " in ${#values[@]} of $runs runs")"
  done
}
show "a0 promote" promote
echo "  (each event with the time since the one before: garbage_build_removed is a build no release uses any more, removed by"
echo "  the next mutating command; validation_passed ends start-up, the artifact's re-hash and the journal; snapshot_taken"
echo "  is the snapshot; release_made the release copy and its links; app_path_switched the flip and version.json;"
echo "  health_checked the health check from a scratch copy; snapshots_pruned the removal of snapshots beyond snapshot.keep)"
show "a0 rollback to the adopted release" rollback
show "cp -a of the user data" "cp -a data"
show "cp -a of the artifact's tree" "cp -a tree"
echo "ratio snapshot / cp -a of the user data: $(ratio "$(med "promote snapshot_taken")" "$(med "cp -a data wall")")"
echo "ratio release copy / cp -a of the tree: $(ratio "$(med "promote release_made")" "$(med "cp -a tree wall")")"
echo "rollback release copies: $(wc -w <<<"${step[rollback release_made]:-}") (release_made events in $runs rollbacks)"
echo "ratio rollback MiB written / cp -a of the user data: $(ratio "$(med "rollback mib")" "$(med "cp -a data mib")")"
echo "ratio rollback snapshot step / cp -a of the user data: $(ratio "$(med "rollback snapshot_taken")" "$(med "cp -a data wall")")"
