#!/usr/bin/env bash
# Runbook restore-instance: disaster recovery of one instance's data from a VERIFIED backup.
# usage: runbooks/restore-instance.sh <instance> <backup id> [--force]
# exit: 0 RESTORED, 1 ROLLED_BACK / ROLLBACK_FAILED, 2 bad usage,
#       3 the run failed before changing anything (unknown or unverified backup)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage() { echo "usage: $0 <instance> <backup id> [--force]" >&2; exit 2; }
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = --force ]; } || usage
[[ "$1" =~ ^[a-z]{3}$ ]] || { echo "instance must be a registry key such as usa, got '$1'" >&2; exit 2; }
[[ "$2" =~ ^[0-9A-Za-z._-]+$ ]] || { echo "backup must be an id such as 20261126T020000Z, got '$2'" >&2; exit 2; }
force=false; [ $# -eq 3 ] && force=true
result=$(launch "restore-instance-$1" RestoreInstance \
  "$(jq -cn --arg i "$1" --arg b "$2" --argjson f "$force" '{instance: $i, backup: $b, force: $f}')") || exit $?
echo "$result"
[ "$(jq -r .outcome <<<"$result")" = RESTORED ] || exit 1
