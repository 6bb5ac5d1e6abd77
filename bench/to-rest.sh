# Sourced by the benches that start from `./a0 demo`'s home ($A0_HOME), through the launcher $a0.

# Leaves whatever the last run (or the demo) left (an artifact awaiting validation or promotion, a promotion awaiting
# confirmation, an open request or approval) for IDLE, so that the next `stage` starts from there.
to_rest() {
  local state
  state=$("$a0" --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  case $state in
    VALIDATING) "$a0" --quiet abandon ;;
    COMPLETE) "$a0" --quiet rollback ;;
    FAILED) "$a0" --quiet clear-failure ;;
  esac
  "$a0" --json pending-approvals | python3 -c 'import json,sys; [print(p["version"]) for p in json.load(sys.stdin)["pending_approvals"]]' |
    while read -r pending; do "$a0" --quiet deny "$pending" --reason "bench"; done
}
