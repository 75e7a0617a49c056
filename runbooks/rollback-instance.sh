#!/usr/bin/env bash
# Runbook rollback-instance: go back to an earlier release (default: the last one that verified
# before the current), with all of a deploy's safety.
# usage: runbooks/rollback-instance.sh <instance> [release]
# exit: 0 DEPLOYED or NO_CHANGE; 1 ROLLED_BACK / ROLLBACK_FAILED; 2 bad usage, or the Temporal server
#       cannot be reached (the CLI's error is on stderr); 3 the run failed
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> [release]"
arg_count 1 2 $#
require_instance "$1"
input=$(jq -cn --arg i "$1" --arg r "${2:-}" '{instance: $i, toRelease: (if $r == "" then null else $r end)}')
result=$(launch "rollback-instance-$1" RollbackInstance "$input") || exit $?
echo "$result"
case "$(jq -r .outcome <<<"$result")" in
  DEPLOYED|NO_CHANGE) exit 0 ;;
  *) exit 1 ;;
esac
