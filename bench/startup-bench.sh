#!/usr/bin/env bash
# Times `./a0 status` and `./a0 --version` as a user runs them (a new process each time, the launcher included)
# with the native AOT build and with the ReadyToRun build side by side, alternating, and prints medians and ratios.
# Each build runs from its own copy of this working tree, made by its own ./a0 (the ReadyToRun one with A0_BUILD=readytorun),
# so the first run builds both (a few minutes); a WORKDIR kept from an earlier run builds again only what changed.
# Usage: bench/startup-bench.sh [RUNS] [WORKDIR]     (RUNS=30 by default)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-30}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-startup-bench.XXXXXX")}
kinds=(aot readytorun)
echo "startup bench: $runs alternating runs of each in $work"

for kind in "${kinds[@]}"; do
  mkdir -p "$work/$kind"
  tar -C "$repo" --exclude=./.git --exclude=./.build --exclude=./TestResults --exclude=bin --exclude=obj -cf - . |
    tar -C "$work/$kind" -xf -
done
launch() { # KIND ARGS...: ./a0 in KIND's copy
  local kind=$1
  shift
  if [ "$kind" = readytorun ]; then A0_BUILD=readytorun "$work/$kind/a0" "$@"; else A0_BUILD= "$work/$kind/a0" "$@"; fi
}
for kind in "${kinds[@]}"; do launch "$kind" --version >/dev/null; done
if [ -f "$work/aot/.build/a0/a0.dll" ]; then
  echo "no native AOT build on this machine (see what ./a0 said above): nothing to compare" >&2
  exit 1
fi
direct() { # KIND ARGS...: the built binary alone, as an installed tool would start
  local kind=$1
  shift
  if [ "$kind" = readytorun ]; then dotnet "$work/$kind/.build/a0/a0.dll" "$@"; else "$work/$kind/.build/a0/a0" "$@"; fi
}

home="$work/home"
if [ ! -d "$home/.billy" ]; then
  rm -rf "$home"
  mkdir -p "$home/agent-zero"
  git -C "$home/agent-zero" init -q -b main
  echo "print('agent zero')" >"$home/agent-zero/run_ui.py"
  git -C "$home/agent-zero" add -A
  git -C "$home/agent-zero" -c user.name=bench -c user.email=bench@example.invalid commit -qm release
  git -C "$home/agent-zero" tag v0.9.8
  launch aot --home "$home" init --repo agent0ai/agent-zero --clone-url /nonexistent.git >/dev/null
fi

cases=("launch status" "launch version" "direct status" "direct version")
declare -A wall cpu
TIMEFORMAT='%3R %3U %3S'
for _ in $(seq 1 "$runs"); do
  for case in "${cases[@]}"; do
    read -r how what <<<"$case"
    if [ "$what" = status ]; then args=(--home "$home" status); else args=(--version); fi
    for kind in "${kinds[@]}"; do
      read -r real user sys < <({ time "$how" "$kind" "${args[@]}" >/dev/null 2>&1; } 2>&1)
      wall[$case $kind]+="$(echo "$real * 1000" | bc) "
      cpu[$case $kind]+="$(echo "($user + $sys) * 1000" | bc) "
    done
  done
done

median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", a[int((NR + 1) / 2)] }'; }
best() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk 'NR == 1 { printf "%.0f", $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
printf '%-30s %16s %16s %10s   %14s %14s\n' "ms, $runs runs each" "AOT wall" "R2R wall" "R2R/AOT" "AOT CPU" "R2R CPU"
printf '%-30s %16s %16s %10s   %14s %14s\n' "" "median (best)" "median (best)" "medians" "median" "median"
for case in "${cases[@]}"; do
  read -r how what <<<"$case"
  label=$([ "$how" = launch ] && echo "./a0 ${what/version/--version}" || echo "binary alone, ${what/version/--version}")
  a=$(median "${wall[$case aot]}")
  r=$(median "${wall[$case readytorun]}")
  printf '%-30s %16s %16s %9sx   %14s %14s\n' "$label" "$a ($(best "${wall[$case aot]}"))" "$r ($(best "${wall[$case readytorun]}"))" \
    "$(ratio "$r" "$a")" "$(median "${cpu[$case aot]}")" "$(median "${cpu[$case readytorun]}")"
done
for what in status version; do
  echo "ratio ./a0 $what: ReadyToRun / native AOT = $(ratio "$(median "${wall[launch $what readytorun]}")" "$(median "${wall[launch $what aot]}")") (wall medians)"
done
echo "the launcher's own share of ./a0 status (native AOT): $(( $(median "${wall[launch status aot]}") - $(median "${wall[direct status aot]}") )) ms wall," \
  "$(( $(median "${cpu[launch status aot]}") - $(median "${cpu[direct status aot]}") )) ms CPU"
