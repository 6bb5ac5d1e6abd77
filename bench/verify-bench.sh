#!/usr/bin/env bash
# Times the whole `a0 verify-artifact` process (start-up included) on a real staged artifact of ~21,500 files / ~315 MB
# (a vendored tree of mostly small files with some of several MB, plus a venv holding a payload package), side by side
# with `find … -print0 | xargs -0 -P2 -n 500 sha256sum` over the same files, alternating, page cache warm before each run,
# and prints medians and their ratio. Then the same verification called in one process (no start-up) for comparison.
# Usage: bench/verify-bench.sh [RUNS] [WORKDIR]   (RUNS=9 by default; WORKDIR is kept, and a later run reuses its artifact)
#   A0=/path/to/a0[:/other/a0…] times those builds of the tool (each in every round) instead of the one ./a0 builds in .build/a0/.
# Needs ~0.9 GB free in WORKDIR the first time: the staged artifact (tree ~270 MB, its .git ~65 MB, venv ~85 MB), the
# sample upstream and wheels (~0.1 GB), and for a while the checkout that makes the release (~0.3 GB); ~0.5 GB stays.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-9}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-verify-bench.XXXXXX")}
mkdir -p "$work"
need_mb=900
free_mb=$(( $(df -k --output=avail "$work" | tail -1) / 1024 ))
echo "verify bench: $runs runs in $work (needs ~${need_mb} MB the first time, ${free_mb} MB free there)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
version=v1.0.0   # a tag the demo does not publish
home="$work/demo/home"
bench_tool="$work/bench-bin"
"$repo/bench/build-bench-tool.sh" "$bench_tool"
bench() { dotnet "$bench_tool/A0.Bench.dll" "$@"; }
. "$repo/bench/to-rest.sh"

if [ ! -f "$work/ready" ]; then
  [ "$free_mb" -ge "$need_mb" ] || { echo "not enough space: pass a WORKDIR elsewhere" >&2; exit 1; }
  rm -rf "$work/demo" "$work/source"
  "$repo/a0" demo --dir "$work/demo" >/dev/null          # a sample upstream, its wheels and a managed home
  # The demo's loopback API is gone once it ends; the release source becomes the bare repo itself.
  python3 -c 'import json,sys; p=sys.argv[1]; c=json.load(open(p)); c["source"]="git"; json.dump(c, open(p,"w"), indent=2)' "$home/.billy/config.json"
  export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_COMMITTER_NAME=bench \
    GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_EMAIL=bench@example.invalid PIP_CONFIG_FILE=/dev/null \
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gc.auto GIT_CONFIG_VALUE_0=0   # no background gc in the way of rm
  for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do [ "$v" = PIP_CONFIG_FILE ] || unset "$v"; done
  export PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/demo/wheels" PIP_DISABLE_PIP_VERSION_CHECK=1

  # Release $version: v0.9.8.1 plus a vendored tree, and a requirement on the payload wheel for the venv.
  git clone --quiet "$work/demo/upstream/upstream.git" "$work/source"
  git -C "$work/source" -c advice.detachedHead=false checkout --quiet v0.9.8.1
  bench vendored "$work/source" "$work/demo/wheels"
  echo "a0payload==1.0.0" >> "$work/source/requirements.txt"
  git -C "$work/source" add -A
  git -C "$work/source" commit --quiet -m "vendor everything"
  git -C "$work/source" tag -a "$version" -m "bench release with a vendored tree"
  git -C "$work/source" push --quiet origin "refs/tags/$version"
  rm -rf "$work/source"

  a0() { "$repo/a0" --home "$home" "$@" >/dev/null; }
  A0_HOME=$home a0="$repo/a0" to_rest
  A0_ACTOR=billy a0 request-upgrade "$version"
  a0 approve "$version"
  a0 --quiet begin-staging "$version"
  touch "$work/ready"
fi

build=$(readlink -f "$home/.billy/artifacts/$version")
# The files a0 checks: the tree without .git and the user-data paths of the home's config, and the venv.
prune=(-path "$build/tree/.git")
for path in $(python3 -c 'import json,sys; print("\n".join(p.rstrip("/") for p in json.load(open(sys.argv[1]))["user_data"]))' "$home/.billy/config.json"); do
  prune+=(-o -path "$build/tree/$path")
done
files() { find "$build/tree" "$build/venv" \( "${prune[@]}" \) -prune -o -type f -print0; }
warm() { files | xargs -0 cat >/dev/null; }

"$repo/a0" --home "$home" verify-artifact "$version" >/dev/null   # builds the tool if its sources changed
IFS=: read -r -a tools <<<"${A0:-$repo/.build/a0/a0}"
describe() {
  if [ ! -f "$(dirname "$1")/a0.dll" ]; then echo "native executable (Native AOT)"; return; fi
  echo ".NET apphost + a0.dll, $(python3 - "$(dirname "$1")/a0.dll" <<'PY'
import struct, sys  # a ReadyToRun image sets COMIMAGE_FLAGS_IL_LIBRARY (4) in its CLI header
d = open(sys.argv[1], 'rb').read()
pe = struct.unpack_from('<I', d, 0x3c)[0]
sections, optional_size = struct.unpack_from('<H', d, pe + 6)[0], struct.unpack_from('<H', d, pe + 20)[0]
optional = pe + 24
cli = struct.unpack_from('<I', d, optional + (96 if struct.unpack_from('<H', d, optional)[0] == 0x10b else 112) + 14 * 8)[0]
for s in range(optional + optional_size, optional + optional_size + 40 * sections, 40):
    size, address, raw = struct.unpack_from('<III', d, s + 8)
    if address <= cli < address + size:
        print("ReadyToRun" if struct.unpack_from('<I', d, cli - address + raw + 16)[0] & 4 else "IL only (JIT)")
PY
)"
}

# "<wall> <cpu>" seconds of one command (cpu = user + sys of it and its children), from bash's time keyword.
measure() { local TIMEFORMAT='%R %U %S' result; result=$({ time "$@" >/dev/null 2>&1; } 2>&1); awk '{ printf "%s %.3f\n", $1, $2 + $3 }' <<<"$result"; }
sums() { files | xargs -0 -P2 -n 500 sha256sum; }
declare -A times cpus
sum_times=(); sum_cpus=()
for _ in $(seq 1 "$runs"); do
  for i in "${!tools[@]}"; do
    warm
    read -r wall cpu < <(measure "${tools[$i]}" --home "$home" verify-artifact "$version")
    times[$i]="${times[$i]:-} $wall"; cpus[$i]="${cpus[$i]:-} $cpu"
  done
  warm
  read -r wall cpu < <(measure sums)
  sum_times+=("$wall"); sum_cpus+=("$cpu")
done
warm
in_process=$(bench verify "$home" "$version" 5)

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
count=$(files | tr -cd '\0' | wc -c)
bytes=$(files | xargs -0 stat -c %s | awk '{ s += $1 } END { print s }')
links=$(find "$build/tree" "$build/venv" \( "${prune[@]}" \) -prune -o -type l -print | wc -l)
sum_median=$(median "${sum_times[@]}"); sum_cpu=$(median "${sum_cpus[@]}")
first_call=$(head -1 <<<"$in_process" | cut -d' ' -f1)
read -r warm_best warm_cpu _ < <(tail -n +2 <<<"$in_process" | sort -n | head -1)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'artifact %s: %d regular files, %.1f MB (and %d symlinks, which a0 hashes by target)\n' "$version" "$count" "$(echo "$bytes / 1000000" | bc -l)" "$links"
for i in "${!tools[@]}"; do
  read -r -a tool_times <<<"${times[$i]}"; read -r -a tool_cpus <<<"${cpus[$i]}"
  printf 'a0 verify-artifact, whole process, %s (%s), median of %d: %.3f s, %.3f CPU-s   [%s]\n' "${tools[$i]}" "$(describe "${tools[$i]}")" "$runs" \
    "$(median "${tool_times[@]}")" "$(median "${tool_cpus[@]}")" "${tool_times[*]}"
done
printf 'find | xargs -0 -P2 -n 500 sha256sum, median of %d: %.3f s, %.3f CPU-s   [%s]\n' "$runs" "$sum_median" "$sum_cpu" "${sum_times[*]}"
printf 'ArtifactVerifier.Verify in one process (bench tool, ReadyToRun): first call %.3f s, JIT warm best of 4 %.3f s (%.3f CPU-s)\n' "$first_call" "$warm_best" "$warm_cpu"
# On a shared machine the load moves between rounds: the ratio within each round (same load) is steadier than the medians.
for i in "${!tools[@]}"; do
  read -r -a tool_times <<<"${times[$i]}"; read -r -a tool_cpus <<<"${cpus[$i]}"
  rounds=(); for r in "${!tool_times[@]}"; do rounds+=("$(ratio "${sum_times[$r]}" "${tool_times[$r]}")"); done
  echo "ratio sha256sum / a0 verify-artifact ${tools[$i]}: $(ratio "$sum_median" "$(median "${tool_times[@]}")") (medians), $(median "${rounds[@]}") (median of the rounds' ratios), CPU $(ratio "$sum_cpu" "$(median "${tool_cpus[@]}")")"
done
echo "ratio sha256sum / Verify in one process, JIT warm: $(ratio "$sum_median" "$warm_best")"
