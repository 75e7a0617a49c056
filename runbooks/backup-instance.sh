#!/usr/bin/env bash
# Runbook backup-instance: back up one instance (datastores, volumes, configuration) into the store.
# usage: runbooks/backup-instance.sh <instance> [--retention apply|dry-run|skip]
# exit: 0 COMPLETE; 2 bad usage, or the Temporal server cannot be reached (the CLI's error is on
#       stderr); 3 the run failed (nothing was published; the reason is on stderr)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> [--retention apply|dry-run|skip]"
[ $# -eq 1 ] || [ $# -eq 3 ] || usage
require_instance "$1"
retention=apply
if [ $# -eq 3 ]; then
  [ "$2" = --retention ] || usage
  case "$3" in apply|dry-run|skip) retention=$3 ;; *) bad_arg "--retention must be apply, dry-run or skip, got '$3'" ;; esac
fi
result=$(launch "backup-instance-$1" BackupInstance "$(jq -cn --arg i "$1" --arg r "$retention" '{instance: $i, retention: $r}')") || exit $?
echo "$result"
[ "$(jq -r .status <<<"$result")" = COMPLETE ]
