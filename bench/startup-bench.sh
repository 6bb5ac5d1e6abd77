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
declare -A times
for _ in $(seq 1 "$runs"); do
  for case in "${cases[@]}"; do
    read -r how what <<<"$case"
    if [ "$what" = status ]; then args=(--home "$home" status); else args=(--version); fi
    for kind in "${kinds[@]}"; do
      start=$EPOCHREALTIME
      "$how" "$kind" "${args[@]}" >/dev/null
      end=$EPOCHREALTIME
      times[$case $kind]+="$(echo "($end - $start) * 1000" | bc) "
    done
  done
done

median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] }'; }
best() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk 'NR == 1 { printf "%.1f", $1 }'; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
printf '%-32s %22s %22s %12s\n' "ms, median (best) of $runs" "native AOT" "ReadyToRun" "R2R / AOT"
for case in "${cases[@]}"; do
  read -r how what <<<"$case"
  label=$([ "$how" = launch ] && echo "./a0 ${what/version/--version}" || echo "the binary alone, ${what/version/--version}")
  aot=$(median "${times[$case aot]}")
  r2r=$(median "${times[$case readytorun]}")
  printf '%-32s %22s %22s %11sx\n' "$label" "$aot ($(best "${times[$case aot]}"))" "$r2r ($(best "${times[$case readytorun]}"))" \
    "$(awk -v a="$r2r" -v b="$aot" 'BEGIN { printf "%.1f", a / b }')"
done
for what in status version; do
  echo "ratio ./a0 $what: ReadyToRun / native AOT = $(awk -v a="$(median "${times[launch $what readytorun]}")" \
    -v b="$(median "${times[launch $what aot]}")" 'BEGIN { printf "%.2f", a / b }')"
done
echo "the launcher's own share of ./a0 status (native AOT): $(awk -v a="$(median "${times[launch status aot]}")" \
  -v b="$(median "${times[direct status aot]}")" 'BEGIN { printf "%.1f", a - b }') ms"
