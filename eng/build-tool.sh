#!/usr/bin/env bash
# How the a0 tool is built (CONTRACT §10). ./a0 sources this file; the tests run it.
#   eng/build-tool.sh ensure a0|hooks   bring .build/<target>/ up to date: built again only when the contents of
#                                       its inputs changed; concurrent callers wait for one build
# Targets: a0, the tool ./a0 runs and ships: native AOT where a C toolchain is on PATH, else (or with
# A0_BUILD=readytorun) ReadyToRun; hooks, the build with test hooks (crash points), which only the crash tests run.

# ./a0 sets build_root itself: it runs on every call, and each subshell costs start-up time.
[ -n "${build_root:-}" ] || build_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$build_root/.build"
build_inputs=(src samples eng Directory.Build.props Directory.Packages.props BannedSymbols.txt global.json)

# Sets build_mode: what `ensure $1` builds on this machine now (no subshell: ./a0 runs this on every call).
choose_build_mode() {
  if [ "$1" = hooks ]; then
    build_mode=hooks
  elif [ "${A0_BUILD:-}" = readytorun ]; then
    build_mode=readytorun
  elif hash clang 2>/dev/null || hash gcc 2>/dev/null; then
    # ILCompiler links with clang, else gcc (it brings its own zlib).
    build_mode=aot
  else
    build_mode=no-toolchain
  fi
}

# Sets build_listing: every input file's path, size and mtime. An unchanged listing means unchanged contents
# (git's index makes the same bet); a changed one only sends ensure to compare content hashes.
list_build_inputs() {
  build_listing=$(cd "$build_root" && find "${build_inputs[@]}" \( -name bin -o -name obj \) -prune -o -type f -printf '%p %s %T@\n')
}

build_content_hash() {
  (cd "$build_root" && find "${build_inputs[@]}" \( -name bin -o -name obj \) -prune -o -type f -print0 |
     LC_ALL=C sort -z | xargs -0 sha256sum && echo "mode $build_mode") | sha256sum | cut -d' ' -f1
}

build_rid() {
  case "$(uname -m)" in x86_64) echo linux-x64 ;; aarch64 | arm64) echo linux-arm64 ;; esac
}

# publish KIND OUT: one build into OUT, its output in OUT.log. The builds keep their obj/ under .build/ (A0Flavor,
# Directory.Build.props), so they never invalidate the IDE's or `dotnet build`'s.
publish() {
  local kind=$1 out=$2 project="$build_root/src/A0.Cli/A0.Cli.csproj" rid
  rid=$(build_rid)
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  # fd 9 (the build lock) is closed for dotnet: its build servers outlive the build and would hold the lock.
  case $kind in
    aot)
      if [ -z "$rid" ]; then
        echo "error : no native AOT for $(uname -m)"
        return 1
      fi
      dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -p:A0Flavor=aot -o "$out" --nologo -v quiet ;;
    readytorun)
      # Where the ReadyToRun packs cannot be had, a plain build runs the same, only slower to start.
      { [ -n "$rid" ] && dotnet publish "$project" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
          -p:A0Flavor=readytorun -o "$out" --nologo -v quiet; } ||
        dotnet build "$project" -c Release -p:A0Flavor=plain -o "$out" --nologo -v quiet ;;
    hooks)
      dotnet build "$project" -c Release -p:A0Flavor=hooks -p:A0TestHooks=true -o "$out" --nologo -v quiet ;;
    *)
      echo "error : unknown build kind $kind"
      return 2 ;;
  esac >>"$out.log" 2>&1 9>&-
}

# The first error in a build log, on one line.
first_build_error() {
  grep -m1 -E 'error [A-Z]*[0-9]* ?:' "$1" | sed -E 's/^.*error [A-Z]*[0-9]* ?: ?//; s/ \[[^]]*\]$//' | cut -c1-240
}

build_target() {
  local target=$1 next="$build_dir/$1.next" reason
  rm -f "$next.log"
  case $build_mode in
    aot)
      rm -f "$build_dir/aot-failure.log"
      publish aot "$next" && return 0
      reason=$(first_build_error "$next.log" || true)
      cp "$next.log" "$build_dir/aot-failure.log"
      echo "a0: the native AOT build failed (${reason:-see .build/aot-failure.log}); building ReadyToRun instead" >&2 ;;
    no-toolchain)
      echo "a0: no native AOT build: neither clang nor gcc is on PATH (install clang for a faster a0); building ReadyToRun instead" >&2 ;;
    hooks)
      publish hooks "$next"
      return ;;
  esac
  publish readytorun "$next"
}

ensure() {
  local target=$1 out="$build_dir/$1" stored hash
  choose_build_mode "$target"
  list_build_inputs
  if [ -x "$out/a0" ] && [ -f "$build_dir/$target.inputs" ]; then
    IFS= read -r -d '' stored <"$build_dir/$target.inputs" || true
    [ "$stored" = "$build_mode"$'\n'"$build_listing" ] && return 0
  fi
  mkdir -p "$build_dir"
  # Concurrent first runs wait here for the one build.
  exec 9>"$build_dir/$target.lock"
  flock 9
  list_build_inputs
  hash=$(build_content_hash)
  stored=$(cat "$build_dir/$target.stamp" 2>/dev/null || true)
  if [ "$hash" != "$stored" ] || [ ! -x "$out/a0" ]; then
    echo "a0: building .build/$target (first run or sources changed)..." >&2
    if ! build_target "$target"; then
      cat "$build_dir/$target.next.log" >&2
      exec 9>&-
      return 7
    fi
    rm -rf "$out"
    mv "$build_dir/$target.next" "$out"
    mv "$build_dir/$target.next.log" "$build_dir/$target.log"
    echo "$hash" >"$build_dir/$target.stamp.next" && mv "$build_dir/$target.stamp.next" "$build_dir/$target.stamp"
  fi
  printf '%s\n%s' "$build_mode" "$build_listing" >"$build_dir/$target.inputs.next"
  mv "$build_dir/$target.inputs.next" "$build_dir/$target.inputs"
  exec 9>&-
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    ensure) ensure "$2" ;;
    *) sed -n '2,6p' "$0" >&2; exit 2 ;;
  esac
fi
