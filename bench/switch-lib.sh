# Shared by validate-bench.sh, promote-bench.sh and flip-bench.sh (sourced, not run): a managed home made by
# `./a0 demo`, releases of a chosen size published to its sample upstream, and the a0 commands that stage them,
# all run through ./a0 exactly as a user types them. Expects $repo and $work to be set.

a0="$repo/a0"
home="$work/demo/home"
upstream_work="$work/demo/upstream/upstream-work"
upstream="$work/demo/upstream/upstream.git"

# As on a user's machine: git and pip without the user's configuration, and Python free to write its bytecode cache
# (this build machine sets PYTHONDONTWRITEBYTECODE, users' machines do not).
export A0_HOME="$home" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 PIP_CONFIG_FILE=/dev/null
for v in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do [ "$v" = PIP_CONFIG_FILE ] || unset "$v"; done
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/demo/wheels" PIP_DISABLE_PIP_VERSION_CHECK=1
unset PYTHONDONTWRITEBYTECODE

. "$repo/bench/to-rest.sh"

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a (%s / %s)", a, b }'; }
free_mb() { echo $(( $(df -k --output=avail "$1" | tail -1) / 1024 )); }

# Refuses to start without NEED_MB free under $work (an existing home counts as already paid for).
need_space() {
  mkdir -p "$work"
  local need=$1 free
  free=$(free_mb "$work")
  echo "needs ~${need} MB under $work; ${free} MB free there"
  [ -d "$home/.billy" ] || [ "$free" -ge "$need" ] || { echo "not enough space: pass a WORKDIR elsewhere" >&2; exit 1; }
}

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(findmnt -no FSTYPE -T "$work") under $work," \
    "load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
}

# The demo's home (init, one staged artifact) with its source switched to the sample's bare repo, made once per WORKDIR.
bench_home() {
  if [ ! -d "$home/.billy" ]; then
    "$a0" demo --dir "$work/demo" >/dev/null
    python3 -c 'import json,sys; p=sys.argv[1]; c=json.load(open(p)); c["source"]="git"; json.dump(c, open(p,"w"), indent=2)' "$home/.billy/config.json"
  fi
  to_rest
}

# publish TAG FILES BYTES [HEALTHY_AFTER]: a release of the sample app as of v0.9.8.1 (the demo's good release) whose tree
# holds about FILES files and BYTES bytes (generated web assets: most files a few KB, a few up to ~128 KB) and whose app
# sleeps HEALTHY_AFTER seconds before it listens. Published once per WORKDIR, on a branch of its own.
publish() {
  local tag=$1 files=$2 bytes=$3 sleep=${4:-0}
  git -C "$upstream" rev-parse -q --verify "refs/tags/$tag" >/dev/null && return
  if [ "$(git -C "$upstream_work" branch --show-current)" != bench ]; then
    git -C "$upstream_work" checkout -q -B bench v0.9.8.1
  fi
  rm -rf "$upstream_work/webui/assets"
  echo "$tag" >"$upstream_work/VERSION"
  local have
  have=$(git -C "$upstream_work" ls-files | grep -cv '^webui/assets/' || true)
  python3 - "$upstream_work/webui/assets" "$(( files - have ))" "$bytes" <<'PY'
import os, random, sys
root, count, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261204)
sizes = [int(2 ** rng.uniform(9, 17)) for _ in range(count)]
scale = total / sum(sizes)
for i, size in enumerate(sizes):
    directory = os.path.join(root, f"m{i % 24:02d}", f"p{i // 24 % 8}")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"a{i:06d}.js"), "wb") as f:
        f.write(rng.randbytes(max(1, int(size * scale))))
PY
  python3 - "$upstream_work/run_ui.py" "$sleep" <<'PY'
import re, sys
path, sleep = sys.argv[1], sys.argv[2]
text = re.sub(r"\n    time\.sleep\([^)]*\)  # bench\n", "\n", open(path).read())
if float(sleep) > 0:
    text = text.replace("\n    server = ThreadingHTTPServer", f"\n    time.sleep({sleep})  # bench\n    server = ThreadingHTTPServer", 1)
open(path, "w").write(text)
PY
  git -C "$upstream_work" add -A
  git -C "$upstream_work" -c user.name=bench -c user.email=bench@example.invalid commit -qm "bench release $tag"
  git -C "$upstream_work" tag "$tag"
  git -C "$upstream_work" push -q "$upstream" main "refs/tags/$tag"
}

# next_tag PREFIX: the first PREFIX.N not yet published (a new version for every run, as a user promotes new releases).
next_tag() {
  local n=1
  while git -C "$upstream" rev-parse -q --verify "refs/tags/$1.$n" >/dev/null; do n=$(( n + 1 )); done
  echo "$1.$n"
}

# stage TAG: from a resting state, a fresh build of TAG awaiting `a0 promote` (request, approve, stage, validate).
stage() {
  local tag=$1 rebuild=()
  [ -e "$home/.billy/artifacts/$tag" ] && rebuild=(--rebuild)
  A0_ACTOR=billy "$a0" --quiet request-upgrade "$tag"
  "$a0" --quiet approve "$tag"
  "$a0" --quiet begin-staging "$tag" "${rebuild[@]}"
}

# The seconds between two audit events of the last operation, or between the first and the end: `audit_times FROM`
# prints "<event> <seconds since the previous line>" for every event at or after the epoch time FROM.
audit_times() {
  python3 - "$home/.billy/upgrade_history.log" "$1" <<'PY'
import datetime, json, sys
log, start = sys.argv[1], float(sys.argv[2])
previous = start
for line in open(log):
    event = json.loads(line)
    at = datetime.datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00")).timestamp()
    if at < start:
        continue
    print(event["event_type"], f"{at - previous:.3f}")
    previous = at
PY
}
