#!/usr/bin/env bash
# Runbook deploy-instance: deploy a release onto an instance; verified, or rolled back.
# usage: runbooks/deploy-instance.sh <instance> <release> [--dry-run] [--services a,b]
#        runbooks/deploy-instance.sh <instance> --decide retry|abort   answer a deploy waiting in ROLLBACK_FAILED
# exit: 0 DEPLOYED, NO_CHANGE (or PLANNED with --dry-run); 1 ROLLED_BACK / ROLLBACK_FAILED / FAILED
#       (failed before changing any container); 2 bad usage, or the Temporal server cannot be reached
#       (the CLI's error is on stderr); 3 the run failed before changing anything (e.g. unknown image)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> <release> [--dry-run] [--services a,b]" "<instance> --decide retry|abort"
[ $# -ge 2 ] || usage
instance=$1 release=$2; shift 2
require_instance "$instance"
if [ "$release" = --decide ]; then
  arg_count 1 1 $#
  answer=$1
  case "$answer" in retry|abort) ;; *) bad_arg "--decide must be retry or abort, got '$answer'" ;; esac
  answer_waiting DeployInstance "$instance" "$answer"
fi
dry=false services=null
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=true ;;
    --services) [ $# -ge 2 ] || usage; services=$(jq -cn --arg s "$2" '$s | split(",")'); shift ;;
    *) bad_arg "unknown option '$1'" ;;
  esac
  shift
done
input=$(jq -cn --arg i "$instance" --arg r "$release" --argjson s "$services" --argjson d "$dry" \
  '{instance: $i, release: $r, services: $s, dryRun: $d}')
result=$(launch "deploy-instance-$instance" DeployInstance "$input") || exit $?
echo "$result"
case "$(jq -r .outcome <<<"$result")" in
  DEPLOYED|NO_CHANGE) exit 0 ;;
  PLANNED) $dry && exit 0 || exit 1 ;;
  *) exit 1 ;;
esac
