#!/usr/bin/env bash
# Runbook verify-backup: restore a backup into throwaway datastores and prove it whole.
# usage: runbooks/verify-backup.sh <instance> [<backup id>|latest]
# exit: 0 VERIFIED, 1 FAILED_VERIFICATION (the failing check is in the JSON), 2 bad usage,
#       3 the run failed (e.g. unknown instance or backup)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 <instance> [<backup id>|latest]" >&2; exit 2; }
[[ "$1" =~ ^[a-z]{3}$ ]] || { echo "instance must be a registry key such as usa, got '$1'" >&2; exit 2; }
backup=${2:-latest}
[[ "$backup" =~ ^[0-9A-Za-z._-]+$ ]] || { echo "backup must be an id such as 20261126T020000Z or latest, got '$backup'" >&2; exit 2; }
result=$(launch "verify-backup-$1" VerifyBackup "$(jq -cn --arg i "$1" --arg b "$backup" '{instance: $i, backup: $b}')") || exit $?
echo "$result"
[ "$(jq -r .status <<<"$result")" = VERIFIED ] || exit 1
