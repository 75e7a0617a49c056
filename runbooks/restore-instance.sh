#!/usr/bin/env bash
# Runbook restore-instance: disaster recovery of one instance's data from a VERIFIED backup.
# usage: runbooks/restore-instance.sh <instance> <backup id> [--force]
# exit: 0 RESTORED, 1 ROLLED_BACK / ROLLBACK_FAILED, 2 bad usage or the Temporal server cannot be
#       reached (the CLI's error is on stderr), 3 the run failed before changing anything (unknown or
#       unverified backup)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> <backup id> [--force]"
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = --force ]; } || usage
require_instance "$1"
require_backup_id "$2"
force=false; [ $# -eq 3 ] && force=true
result=$(launch "restore-instance-$1" RestoreInstance \
  "$(jq -cn --arg i "$1" --arg b "$2" --argjson f "$force" '{instance: $i, backup: $b, force: $f}')") || exit $?
echo "$result"
[ "$(jq -r .outcome <<<"$result")" = RESTORED ] || exit 1
