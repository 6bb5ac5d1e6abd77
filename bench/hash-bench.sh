#!/usr/bin/env bash
# Times TreeHasher (CONTRACT §9) on a generated tree against `find | xargs -0 -P2 sha256sum` and against
# openssl's own sha256 speed on every core, page cache warm, and checks the tree hash against a shell recomputation.
# Usage: bench/hash-bench.sh [DIR] [SCALE]   (RUNS=5 by default; each figure is the best of RUNS, median beside it)
#   DIR    where the tree is generated and kept for reruns (default: a new dir under $TMPDIR)
#   SCALE  1 = 30,000 files / ~600 MB; 0.1 = 3,000 files / ~60 MB when disk is short
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/a0-hash-bench.XXXXXX")}
scale=${2:-1}
runs=${RUNS:-5}
mkdir -p "$dir"
need_mb=$(awk -v s="$scale" 'BEGIN { printf "%d", s * 720 }')
free_mb=$(( $(df -k --output=avail "$dir" | tail -1) / 1024 ))
echo "hash bench: scale $scale in $dir needs ~${need_mb} MB, ${free_mb} MB free there"
[ -f "$dir/tree.scale" ] && [ "$(cat "$dir/tree.scale")" = "$scale" ] || [ "$free_mb" -ge "$need_mb" ] ||
  { echo "not enough space: pass a DIR elsewhere or a smaller SCALE" >&2; exit 1; }

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
out="$dir/bench-bin"
"$repo/bench/build-bench-tool.sh" "$out"
bench() { dotnet "$out/A0.Bench.dll" "$@"; }

tree="$dir/tree"
if [ ! -f "$dir/tree.scale" ] || [ "$(cat "$dir/tree.scale")" != "$scale" ]; then
  rm -rf "$tree" "$dir/tree.scale"
  bench generate "$tree" "$scale"
  echo "$scale" > "$dir/tree.scale"
fi
files=$(find "$tree" -type f | wc -l)
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

# The page cache is warmed right before every timed run: an idle host may page out what was read a minute ago.
warm() { find "$tree" -type f -print0 | xargs -0 cat >/dev/null; }
now() { echo "$EPOCHREALTIME"; }
ours=(); ours_wall=(); coreutils=()
for _ in $(seq 1 "$runs"); do
  warm
  start=$(now)
  read -r seconds _ _ ours_hash < <(bench hash "$tree" 1)
  ours_wall+=("$(echo "$(now) - $start" | bc)")
  ours+=("$seconds")
  warm
  start=$(now)
  find "$tree" -type f -print0 | xargs -0 -P2 sha256sum >/dev/null
  coreutils+=("$(echo "$(now) - $start" | bc)")
done
warm
read -r warm_jit _ _ _ < <(bench hash "$tree" "$runs")

openssl_rate=$(openssl speed -seconds 3 -multi 2 -evp sha256 2>/dev/null | awk '/^sha256 / { v = $NF } END { sub(/k$/, "", v); printf "%.0f", v * 1000 }')

# The recipe in shell for this tree (regular files only, plain names): kind from the mode, content from sha256sum.
shell_hash=$(cd "$tree" && {
  find . -type f -perm /111 -printf 'x %P\n'
  find . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum
} | awk '/^x / { x[$2] = 1; next } { print (($2 in x) ? "x" : "f"), $1, $2 }' | sha256sum | cut -d' ' -f1)

best() { printf '%s\n' "$@" | sort -n | head -1; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ours_best=$(best "${ours[@]}"); coreutils_best=$(best "${coreutils[@]}")
limit=$(awk -v b="$bytes" -v r="$openssl_rate" 'BEGIN { printf "%.3f", b / r }')
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'tree: %d files, %.1f MB\n' "$files" "$(echo "$bytes / 1000000" | bc -l)"
printf 'TreeHasher.Compute, first call in a fresh process: %.3f s (median %.3f; process wall incl. .NET startup %.3f)\n' \
  "$ours_best" "$(median "${ours[@]}")" "$(best "${ours_wall[@]}")"
printf 'TreeHasher.Compute, JIT warm (best of %d calls in one process): %.3f s\n' "$runs" "$warm_jit"
printf 'find | xargs -0 -P2 sha256sum: %.3f s (median %.3f)\n' "$coreutils_best" "$(median "${coreutils[@]}")"
printf 'openssl speed -multi 2 -evp sha256: %.0f MB/s at 16 KB blocks, so %.3f s for these bytes\n' \
  "$(echo "$openssl_rate / 1000000" | bc -l)" "$limit"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "sha256sum / TreeHasher: $(ratio "$coreutils_best" "$ours_best")x first call," \
  "$(ratio "$(median "${coreutils[@]}")" "$(median "${ours[@]}")")x on medians, $(ratio "$coreutils_best" "$warm_jit")x JIT warm"
echo "TreeHasher / openssl limit: $(ratio "$ours_best" "$limit")x first call, $(ratio "$warm_jit" "$limit")x JIT warm"
if [ "$shell_hash" = "$ours_hash" ]; then echo "tree_hash $ours_hash matches the shell recomputation"
else echo "tree_hash MISMATCH: TreeHasher $ours_hash, shell $shell_hash" >&2; exit 1; fi
