#!/usr/bin/env bash
# Times a whole `a0 begin-staging` (through ./a0, start-up included) against the steps a user would type for the same
# result, alternating, on a real-sized workload: Agent Zero v1.7's requirement files as local stub wheels, one heavy
# payload wheel (torch: ~198 MB in ~4,000 files), and a release tree shaped like v1.7's (1,730 files, ~24 MB), cloned
# from a local bare repo through file:// (a real depth-1 transfer, as from a server). Prints each side's median wall
# and CPU seconds, the phases of each (a0's from its audit timestamps) and `ratio` lines.
#
# Usage: bench/staging-bench.sh [RUNS] [WORKDIR]     (RUNS=7; keep WORKDIR to rerun without generating the workload)
#   A0_BENCH_UPSTREAM  a git dir holding agent0ai/agent-zero's tag v1.7, where its requirement files are read
#                      (default: /work/.mirror/agent0ai+agent-zero/repo; they are not shipped with a0)
#   A0_BENCH_FS        loop (default as root): both sides build on a fresh ext4 with a journal, as users have, in a
#                      file under WORKDIR mounted for the run; here: on WORKDIR's own filesystem as it is.
#   A0_BENCH_PERF      a directory: each timed run is also recorded there by `perf record` (<side>-<run>.data), to
#                      see where the CPU goes, e.g. `perf report -i DIR/a0-1.data --sort comm`.
# Why a fresh filesystem: on an ext4 without a journal (this machine's disk), creating files within minutes of
# deleting thousands costs the inode allocator seconds of CPU (find_inode_bit skips recently deleted inodes); other
# programs' churn and each run's own deletions then decide the figures. Nothing is deleted between timed runs either:
# each a0 run stages a tag of its own (v1.7.<run>) and each hand run keeps its directory until the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-staging-bench.XXXXXX")}
upstream_source=${A0_BENCH_UPSTREAM:-/work/.mirror/agent0ai+agent-zero/repo}
fs=${A0_BENCH_FS:-$([ "$(id -u)" = 0 ] && command -v losetup >/dev/null && echo loop || echo here)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
need_mb=$(( 700 + runs * 560 ))
free_mb=$(( $(df -k --output=avail "$work" | tail -1) / 1024 ))
echo "staging bench: $runs runs in $work on a $fs filesystem (needs ~${need_mb} MB: workload 300, a sample home 400," \
  "each run's two builds 560, kept to the end; ${free_mb} MB free)"
[ "$free_mb" -ge "$need_mb" ] || { echo "not enough space: pass a WORKDIR elsewhere" >&2; exit 1; }

# Both sides see the same environment: no user or machine pip configuration, no PYTHONDONTWRITEBYTECODE (users'
# machines do not set it, and pip compiles at install), pip offline from the workload's wheels.
for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\|PYTHON[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/workload/wheels" PIP_DISABLE_PIP_VERSION_CHECK=1
a0="$repo/a0"
"$a0" --version >/dev/null   # builds the tool first if its sources changed, outside the timed runs
version=v1.7

if [ ! -f "$work/workload/ready" ]; then
  rm -rf "$work/workload"
  mkdir -p "$work/workload"
  for f in requirements.txt requirements2.txt; do
    git --git-dir="$upstream_source" show "$version:$f" >"$work/workload/$f" ||
      { echo "cannot read $version:$f from $upstream_source (set A0_BENCH_UPSTREAM to a clone of agent0ai/agent-zero)" >&2; exit 1; }
  done
  dotnet build -c Release "$repo/bench/A0.Bench" -o "$work/bench-bin" -v q -nologo >/dev/null
  dotnet "$work/bench-bin/A0.Bench.dll" workload "$work/workload" "$work/workload/requirements.txt" "$work/workload/requirements2.txt"
  touch "$work/workload/ready"
fi

root="$work/fs"
if [ "$fs" = loop ]; then
  umount "$root" 2>/dev/null || true
  rm -f "$work/fs.img"
  truncate -s "${need_mb}M" "$work/fs.img"
  mkfs.ext4 -q -F "$work/fs.img"
  mkdir -p "$root"
  mount -o loop "$work/fs.img" "$root"
  trap 'umount "$root"; rm -f "$work/fs.img"' EXIT
else
  rm -rf "$root"
  mkdir -p "$root"
  trap 'rm -rf "$root"' EXIT
fi
mkdir -p "$root/tmp" "$root/hand"
export TMPDIR="$root/tmp"   # a0 clones into $TMPDIR; pip unpacks there on both sides

"$a0" demo --dir "$root/demo" >/dev/null          # a sample upstream and a managed home
upstream="$root/demo/upstream/upstream.git"
git clone -q "$upstream" "$root/release"
cp -r "$work/workload/tree/." "$work/workload/requirements.txt" "$work/workload/requirements2.txt" "$root/release/"
git -C "$root/release" add -A
git -C "$root/release" -c user.name=bench -c user.email=bench@a0.invalid commit -qm "Agent Zero $version (bench workload)"
git -C "$root/release" push -q origin HEAD:main
# The demo's loopback API is gone once it ends: releases are listed with plain git, cloned through file://.
url="file://$upstream"
python3 -c 'import json,sys; p,u=sys.argv[1:]; c=json.load(open(p)); c["source"]="git"; c["clone_url"]=u; json.dump(c, open(p,"w"), indent=2)' \
  "$root/demo/home/.billy/config.json" "$url"
export A0_HOME="$root/demo/home"
. "$repo/bench/to-rest.sh"
to_rest

now() { echo "$EPOCHREALTIME"; }
# The seconds from the start to STAGING, between the staging's audit events, and from the last one to the exit.
a0_phases() {
  python3 - "$A0_HOME/.billy/upgrade_history.log" "$1" "$2" <<'EOF'
import json, sys
from datetime import datetime
start, end = float(sys.argv[2]), float(sys.argv[3])
lines = [json.loads(l) for l in open(sys.argv[1])]
first = max(i for i, e in enumerate(lines) if e["event_type"] == "approval_granted")
at = {e["event_type"]: datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00")).timestamp() for e in lines[first:]}
marks = [("start", start), ("approval_granted", at["approval_granted"]), ("clone_completed", at["clone_completed"]),
         ("dependencies_installed", at["dependencies_installed"]), ("checksums_computed", at["checksums_computed"]),
         ("artifact_stored", at["artifact_stored"]), ("end", end)]
print(" ".join(f"{b[1] - a[1]:.3f}" for a, b in zip(marks, marks[1:])))
EOF
}

a0_times=(); hand_times=(); a0_cpu=(); hand_cpu=(); a0_phase_rows=(); hand_phase_rows=()
TIMEFORMAT='%R %U %S'
# Runs "$@" and appends its wall seconds to the array named $1 and its CPU seconds (user + sys, children included) to $2.
timed() {
  local -n wall=$1 cpu=$2
  local r u s
  shift 2
  sync   # what the previous run left dirty is written out before, not during, this one
  local perf_pid=
  if [ -n "${A0_BENCH_PERF:-}" ]; then   # follows this shell's children started from now on
    mkdir -p "$A0_BENCH_PERF"
    perf record -q -e cpu-clock -F 999 -g -p $$ -o "$A0_BENCH_PERF/${1%%_*}-$i.data" 2>/dev/null &
    perf_pid=$!
    sleep 1
  fi
  { time "$@" 2>&4; } 4>&2 2>"$work/time"
  [ -z "$perf_pid" ] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
  read -r r u s <"$work/time"
  wall+=("$r"); cpu+=("$(echo "$u + $s" | bc)")
}
a0_staging() {
  a0_start=$(now)
  "$a0" --quiet begin-staging "$run_version" >/dev/null
  a0_end=$(now)
}
hand_steps() {
  local d="$root/hand/$run_version" t0 t1 t2 t3 t4 t5
  t0=$(now)
  git clone --quiet --depth 1 --branch "$run_version" "$url" "$d/tree" 2>/dev/null
  t1=$(now)
  python3 -m venv "$d/venv"
  t2=$(now)
  (cd "$d/tree" && "$d/venv/bin/pip" install -r requirements.txt) >"$d.pip.log" 2>&1
  t3=$(now)
  (cd "$d/tree" && "$d/venv/bin/pip" install -r requirements2.txt) >>"$d.pip.log" 2>&1
  t4=$(now)
  find "$d/tree" "$d/venv" -path "$d/tree/.git" -prune -o -type f -print0 | xargs -0 -P2 -n 500 sha256sum >/dev/null
  t5=$(now)
  hand_phase_rows+=("$(echo "$t1 - $t0; $t2 - $t1; $t3 - $t2; $t4 - $t3; $t5 - $t4" | bc | xargs printf '%.3f ')")
}
run_a0() {
  timed a0_times a0_cpu a0_staging
  a0_phase_rows+=("$(a0_phases "$a0_start" "$a0_end")")
  "$a0" abandon >/dev/null
  "$a0" deny "$run_version" --reason bench >/dev/null   # its approval stays open otherwise
}
run_hand() {
  timed hand_times hand_cpu hand_steps
}
for i in $(seq 1 "$runs"); do
  run_version=$version.$i
  git --git-dir="$upstream" -c user.name=bench -c user.email=bench@a0.invalid tag -a -m "$run_version" "$run_version" main
  A0_ACTOR=billy "$a0" request-upgrade "$run_version" >/dev/null
  "$a0" approve "$run_version" >/dev/null
  # Alternating, and each side first in every other run, so that drift in the machine's load falls on both.
  if [ $((i % 2)) -eq 1 ]; then run_a0; run_hand; else run_hand; run_a0; fi
  echo "run $i: a0 ${a0_times[-1]} s (${a0_cpu[-1]} s CPU), hand steps ${hand_times[-1]} s (${hand_cpu[-1]} s CPU); load $(cut -d' ' -f1 /proc/loadavg)"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
column_medians() { # rows of space-separated numbers -> the median of each column
  python3 -c 'import statistics, sys; rows = [list(map(float, r.split())) for r in sys.argv[1:]]
print(" ".join(f"{statistics.median_low(c):.2f}" for c in zip(*rows)))' "$@"
}
a0_median=$(median "${a0_times[@]}")
hand_median=$(median "${hand_times[@]}")
printf 'a0 begin-staging  median of %d: %.2f s, %.2f s CPU   [%s]\n' "$runs" "$a0_median" "$(median "${a0_cpu[@]}")" "${a0_times[*]}"
printf '  phases (medians): start-up to STAGING, clone+verify (venv beside it), rest of venv+pip, venv hash, manifest+read-only+publish, to exit: %s\n' \
  "$(column_medians "${a0_phase_rows[@]}")"
printf 'hand steps        median of %d: %.2f s, %.2f s CPU   [%s]\n' "$runs" "$hand_median" "$(median "${hand_cpu[@]}")" "${hand_times[*]}"
printf '  phases (medians): clone, venv, pip -r requirements.txt, pip -r requirements2.txt, sha256sum: %s\n' \
  "$(column_medians "${hand_phase_rows[@]}")"
printf 'ratio a0 / hand steps (medians): %.2f\n' "$(echo "$a0_median / $hand_median" | bc -l)"
printf 'ratio a0 / hand steps, CPU seconds (medians): %.2f\n' "$(echo "$(median "${a0_cpu[@]}") / $(median "${hand_cpu[@]}")" | bc -l)"
paired=(); for i in "${!a0_times[@]}"; do paired+=("$(echo "${a0_times[$i]} / ${hand_times[$i]}" | bc -l)"); done
printf 'ratio a0 / hand steps (median of the %d paired runs): %.2f\n' "$runs" "$(median "${paired[@]}")"
