#!/usr/bin/env bash
# Runbook verify-backup: restore a backup into throwaway datastores and prove it whole.
# usage: runbooks/verify-backup.sh <instance> [<backup id>|latest]
# exit: 0 VERIFIED, 1 FAILED_VERIFICATION (the failing check is in the JSON), 2 bad usage or the
#       Temporal server cannot be reached (the CLI's error is on stderr), 3 the run failed (e.g.
#       unknown instance or backup)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> [<backup id>|latest]"
arg_count 1 2 $#
require_instance "$1"
backup=${2:-latest}
require_backup_id "$backup"
result=$(launch "verify-backup-$1" VerifyBackup "$(jq -cn --arg i "$1" --arg b "$backup" '{instance: $i, backup: $b}')") || exit $?
echo "$result"
[ "$(jq -r .status <<<"$result")" = VERIFIED ] || exit 1
