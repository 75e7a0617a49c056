#!/usr/bin/env bash
# Runbook verify-instance: check that one instance serves end to end. Prints the report as JSON.
# usage: runbooks/verify-instance.sh <instance> [budget-seconds]
# exit: 0 PASS, 1 FAIL, 2 bad usage, 3 the run failed (e.g. unknown instance)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 <instance> [budget-seconds]" >&2; exit 2; }
[[ "$1" =~ ^[a-z]{3}$ ]] || { echo "instance must be a registry key such as fra, got '$1'" >&2; exit 2; }
budget=null
if [ $# -eq 2 ]; then
  [[ "$2" =~ ^[0-9]+$ ]] || { echo "budget must be whole seconds, got '$2'" >&2; exit 2; }
  budget=$2
fi
report=$(launch "verify-instance-$1" VerifyInstance "{\"instance\": \"$1\", \"budgetSeconds\": $budget}") || exit $?
echo "$report"
[ "$(jq -r '.outcome' <<<"$report")" = PASS ] || exit 1
