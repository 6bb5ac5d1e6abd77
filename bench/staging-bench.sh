#!/usr/bin/env bash
# Times a whole `a0 begin-staging` against the bare steps a user would type for the same result
# (depth-1 clone, python -m venv, pip install, sha256sum over tree and venv), on the same sample release,
# in one run, and prints the ratio. Needs ~200 MB free under the work dir. Usage: bench/staging-bench.sh [RUNS] [WORKDIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/a0-staging-bench.XXXXXX")}
echo "staging bench: $runs runs in $work (needs ~200 MB; free: $(df -h --output=avail "$work" | tail -1 | tr -d ' '))"

"$repo/a0" demo --dir "$work/demo" >/dev/null          # a sample upstream, wheels and a managed home
home="$work/demo/home"
# The demo's loopback API is gone once it ends; the bench lists releases with plain git instead.
python3 -c 'import json,sys; p=sys.argv[1]; c=json.load(open(p)); c["source"]="git"; json.dump(c, open(p,"w"), indent=2)' "$home/.billy/config.json"
upstream="$work/demo/upstream/upstream.git"
export A0_HOME="$home" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 PIP_CONFIG_FILE=/dev/null
for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do [ "$v" = PIP_CONFIG_FILE ] || unset "$v"; done
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/demo/wheels" PIP_DISABLE_PIP_VERSION_CHECK=1
a0="$repo/a0"
version=v0.9.8
"$a0" abandon >/dev/null
"$a0" deny v0.9.8.1 --reason bench >/dev/null
A0_ACTOR=billy "$a0" request-upgrade "$version" >/dev/null
"$a0" approve "$version" >/dev/null

now() { date +%s.%N; }
a0_times=(); bare_times=()
for i in $(seq 1 "$runs"); do
  start=$(now)
  "$a0" --quiet begin-staging "$version" --rebuild >/dev/null
  a0_times+=("$(echo "$(now) - $start" | bc)")
  "$a0" abandon >/dev/null

  bare="$work/bare-$i"
  start=$(now)
  git clone --quiet --depth 1 --branch "$version" "$upstream" "$bare/tree" 2>/dev/null
  python3 -m venv "$bare/venv"
  "$bare/venv/bin/pip" install --quiet -r "$bare/tree/requirements.txt"
  find "$bare/tree" "$bare/venv" -path "$bare/tree/.git" -prune -o -type f -print0 | xargs -0 -P2 sha256sum >/dev/null
  bare_times+=("$(echo "$(now) - $start" | bc)")
  rm -rf "$bare"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
a0_median=$(median "${a0_times[@]}")
bare_median=$(median "${bare_times[@]}")
printf 'a0 begin-staging (median of %d): %.2f s   [%s]\n' "$runs" "$a0_median" "${a0_times[*]}"
printf 'bare steps       (median of %d): %.2f s   [%s]\n' "$runs" "$bare_median" "${bare_times[*]}"
printf 'ratio a0 / bare: %.2f\n' "$(echo "$a0_median / $bare_median" | bc -l)"
