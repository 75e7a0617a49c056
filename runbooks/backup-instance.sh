#!/usr/bin/env bash
# Runbook backup-instance: back up one instance (datastores, volumes, configuration) into the store.
# usage: runbooks/backup-instance.sh <instance> [--retention apply|dry-run|skip]
# exit: 0 COMPLETE, 2 bad usage, 3 the run failed (nothing was published; the reason is on stderr)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage() { echo "usage: $0 <instance> [--retention apply|dry-run|skip]" >&2; exit 2; }
[ $# -eq 1 ] || [ $# -eq 3 ] || usage
[[ "$1" =~ ^[a-z]{3}$ ]] || { echo "instance must be a registry key such as usa, got '$1'" >&2; exit 2; }
retention=apply
if [ $# -eq 3 ]; then
  [ "$2" = --retention ] || usage
  case "$3" in apply|dry-run|skip) retention=$3 ;; *) usage ;; esac
fi
result=$(launch "backup-instance-$1" BackupInstance "$(jq -cn --arg i "$1" --arg r "$retention" '{instance: $i, retention: $r}')") || exit $?
echo "$result"
[ "$(jq -r .status <<<"$result")" = COMPLETE ]
