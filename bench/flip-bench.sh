#!/usr/bin/env bash
# Times the flip itself (the rename(2) of a new symlink over the app path) in `a0 promote` and `a0 rollback`, through
# ./a0 as a user runs them, for a release of 1,000 files and one of 100,000 files, and prints the ratio. The rename is
# timed by strace (-T, tracing only the few calls of the switch), so strace must be installed.
# Needs ~3 GB free under WORKDIR (the 100,000-file release: its upstream, build, release and scratch copies).
# Usage: bench/flip-bench.sh [RUNS] [WORKDIR]     (RUNS=3 by default: switches to each release after the first promotes)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-flip-bench.XXXXXX")}
command -v strace >/dev/null || { echo "flip bench: needs strace to time the rename" >&2; exit 1; }
. "$repo/bench/switch-lib.sh"
echo "flip bench: $runs runs in $work"
need_space 3000

bench_home
app=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["app_path"])' "$home/.billy/config.json")
declare -A flips
traced() { # SIZE A0-ARGS...: runs a0 under strace and records the rename over the app path, in microseconds
  local size=$1 trace="$work/switch.strace"
  shift
  strace -f --seccomp-bpf -T -o "$trace" -e trace=rename,renameat,renameat2 "$a0" --quiet "$@"
  flips[$size]+="$(awk -v app="\"$app\"" '$0 ~ "rename" && index($0, ", " app ")") { gsub(/[<>]/, "", $NF); printf "%.0f ", $NF * 1e6 }' "$trace")"
}
small=v3.0.1 large=v3.1.1
for size in 1000 100000; do
  tag=$([ "$size" = 1000 ] && echo "$small" || echo "$large")
  [ -d "$home/releases/$tag" ] && continue
  publish "$tag" "$size" $(( size * 1000 ))
  stage "$tag"
  "$a0" --quiet validate
  traced "$size" promote
  "$a0" --quiet rollback
done
for _ in $(seq 1 "$runs"); do
  traced 1000 rollback --to "$small"
  traced 100000 rollback --to "$large"
done

files() { git -C "$home/releases/$1" ls-files | wc -l; }
med() { median ${flips[$1]}; }
machine
echo "releases: $small with $(files "$small") files, $large with $(files "$large") files"
echo "rename(2) of the app path's new symlink over it, microseconds (strace -T):"
echo "  to the 1,000-file release:   median $(med 1000)   [${flips[1000]% }]"
echo "  to the 100,000-file release: median $(med 100000)   [${flips[100000]% }]"
echo "ratio flip at 100,000 files / at 1,000 files: $(ratio "$(med 100000)" "$(med 1000)")"
