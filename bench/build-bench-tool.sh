#!/usr/bin/env bash
# Builds bench/A0.Bench into $1 as ./a0 builds the tool: ReadyToRun where the packs restore, else a plain build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64|arm64) rid=linux-arm64 ;; *) rid= ;; esac
{ [ -n "$rid" ] && dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true "$repo/bench/A0.Bench" -o "$1" -v q -nologo >/dev/null; } ||
  dotnet build -c Release "$repo/bench/A0.Bench" -o "$1" -v q -nologo >/dev/null
