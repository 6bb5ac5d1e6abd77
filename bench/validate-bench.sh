#!/usr/bin/env bash
# Times `a0 validate` (through ./a0, start-up included) of a 1,700-file / 24 MB release whose app becomes healthy 1 s
# after it starts, against the app's own import and start-up time measured by hand the same way on a user's install of
# the same release (python importing the configured modules; run_ui.py started until /api/health answers), alternating
# in one run, and prints the difference, the ratio and where a0's extra time goes.
# Needs ~400 MB free under WORKDIR. Usage: bench/validate-bench.sh [RUNS] [WORKDIR]     (RUNS=5 by default)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-validate-bench.XXXXXX")}
. "$repo/bench/switch-lib.sh"
echo "validate bench: $runs runs in $work"
need_space 400

tag=v1.1.0
bench_home
publish "$tag" 1700 24000000 1
stage "$tag"
build=$(readlink -f "$home/.billy/artifacts/$tag")

# A user's install of the same release: a checkout (the artifact's tree) with its own venv, started once so that its
# bytecode cache is warm, as it is on a machine that has run it before.
by_hand="$work/by-hand"
if [ ! -d "$by_hand/.venv" ]; then
  rm -rf "$by_hand"
  cp -a "$build/tree" "$by_hand"
  chmod -R u+w "$by_hand"
  python3 -m venv "$by_hand/.venv"
  for requirements in "$by_hand"/requirements*.txt; do "$by_hand/.venv/bin/pip" install --quiet -r "$requirements"; done
fi
modules=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["validation"]["import_modules"]))' "$home/.billy/config.json")
import_script="import importlib; [importlib.import_module(m) for m in '$modules'.split()]"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
imports() { (cd "$by_hand" && .venv/bin/python -c "$import_script"); }
start_until_healthy() { # prints the seconds from starting run_ui.py to the first 200 from /api/health, polled every 10 ms
  local port start pid seconds
  port=$(free_port)
  start=$(now)
  (cd "$by_hand" && exec .venv/bin/python run_ui.py --host 127.0.0.1 --port "$port") >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.01; done
  seconds=$(since "$start")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$seconds"
}
imports
start_until_healthy >/dev/null

a0_times=(); import_times=(); startup_times=(); cold_times=(); copy_times=(); remove_times=()
started=(); checked=(); removed=(); health=(); importing=(); integrity=()
report_ms() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][sys.argv[2]]["ms"] / 1000)' "$home/.billy/validation/$tag/latest_report.json" "$1"; }
a0_run() {
  local start end
  start=$(now)
  "$a0" --quiet validate
  end=$(now)
  a0_times+=("$(echo "$end - $start" | bc)")
  local phases
  phases=$(audit_times "$start" | awk '$1 == "validation_started" { s = $2 } $1 == "validation_completed" { c = $2 } END { print s, c }')
  started+=("${phases% *}")
  checked+=("${phases#* }")
  removed+=("$(echo "$end - $start - ${phases% *} - ${phases#* }" | bc)")
  health+=("$(report_ms health_check)"); importing+=("$(report_ms import_sanity)"); integrity+=("$(report_ms structural_integrity)")
}
hand_run() {
  local start
  start=$(now)
  imports
  import_times+=("$(since "$start")")
  startup_times+=("$(start_until_healthy)")
}
for i in $(seq 1 "$runs"); do
  if (( i % 2 )); then a0_run; hand_run; else hand_run; a0_run; fi
  # For where the rest goes: the copy a0 makes of the tree and its removal, and the app's start-up with an empty
  # bytecode cache (what PYTHONPYCACHEPREFIX in a fresh scratch dir gives every Python a0 starts).
  start=$(now); cp -a "$build/tree" "$work/copy"; copy_times+=("$(since "$start")")
  start=$(now); rm -rf "$work/copy"; remove_times+=("$(since "$start")")
  cache=$(mktemp -d "$work/pycache.XXXXXX")
  cold_times+=("$(PYTHONPYCACHEPREFIX=$cache start_until_healthy)")
  rm -rf "$cache"
done

files=$(git -C "$build/tree" ls-files | wc -l)
bytes=$(git -C "$build/tree" ls-files -z | (cd "$build/tree" && xargs -0 stat -c %s) | awk '{ s += $1 } END { print s }')
a0=$(median "${a0_times[@]}"); imp=$(median "${import_times[@]}"); up=$(median "${startup_times[@]}")
own=$(echo "$imp + $up" | bc)
machine
printf 'release %s: %d files, %.1f MB (plus its .git: %s), the app healthy 1 s after it starts\n' "$tag" "$files" "$(echo "$bytes / 1000000" | bc -l)" "$(du -sh "$build/tree/.git" | cut -f1)"
printf 'a0 validate                     median of %d: %.2f s   [%s]\n' "$runs" "$a0" "${a0_times[*]}"
printf 'by hand: import %-14s  median: %.2f s   [%s]\n' "($modules)" "$imp" "${import_times[*]}"
printf 'by hand: start-up until healthy median: %.2f s   [%s]\n' "$up" "${startup_times[*]}"
printf 'a0 validate - (import + start-up): %.2f s (target: at most 1 s)\n' "$(echo "$a0 - $own" | bc)"
echo "ratio a0 validate / (import + start-up): $(ratio "$a0" "$own")"
printf "where a0's time goes (medians): start-up, lock and journal %.2f s; scratch copy + checks + report %.2f s" "$(median "${started[@]}")" "$(median "${checked[@]}")"
printf ' (checks in parallel: health_check %.2f s, import_sanity %.2f s, structural_integrity %.2f s); scratch removal and exit %.2f s\n' \
  "$(median "${health[@]}")" "$(median "${importing[@]}")" "$(median "${integrity[@]}")" "$(median "${removed[@]}")"
printf 'for comparison in the same run (medians): cp -a of the tree %.2f s, rm -rf of the copy %.2f s; the app started until healthy with an empty bytecode cache %.2f s\n' \
  "$(median "${copy_times[@]}")" "$(median "${remove_times[@]}")" "$(median "${cold_times[@]}")"
