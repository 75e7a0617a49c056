#!/usr/bin/env bash
# Runbook rollback-instance: go back to an earlier release (default: the last one that verified
# before the current), with all of a deploy's safety.
# usage: runbooks/rollback-instance.sh <instance> [release]
# exit: 0 DEPLOYED or NO_CHANGE; 1 ROLLED_BACK / ROLLBACK_FAILED; 2 bad usage; 3 the run failed
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 <instance> [release]" >&2; exit 2; }
[[ "$1" =~ ^[a-z]{3}$ ]] || { echo "instance must be a registry key such as fra, got '$1'" >&2; exit 2; }
input=$(jq -cn --arg i "$1" --arg r "${2:-}" '{instance: $i, toRelease: (if $r == "" then null else $r end)}')
result=$(launch "rollback-instance-$1" RollbackInstance "$input") || exit $?
echo "$result"
case "$(jq -r .outcome <<<"$result")" in
  DEPLOYED|NO_CHANGE) exit 0 ;;
  *) exit 1 ;;
esac
