#!/usr/bin/env bash
# Runbook decommission-partner: offboard a nation. A final backup first (kept); HealthWatch stopped;
# the federation removed both ways; the stack removed; the secrets disabled; the registry entry and
# its matrix rows removed; its schedules deleted; the instances that remain verified.
# usage: runbooks/decommission-partner.sh <instance> [--purge] [--dry-run]
#   --purge    also remove its volumes, and destroy its secrets rather than disable them
#   --dry-run  plan only: what would be removed or changed, per instance; nothing changes
# Prints the plan, what was removed and the verification of the remaining instances (stderr), and
# the result as JSON (stdout). A run that stopped half-way (INCOMPLETE) is finished by running the
# same command again.
# exit: 0 DECOMMISSIONED, or PLANNED with --dry-run; 1 REJECTED (every error on stderr and in the
#       JSON) or INCOMPLETE (paged); 2 bad usage, or the Temporal server cannot be reached (the
#       CLI's error is on stderr); 3 the run failed
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<instance> [--purge] [--dry-run]"
[ $# -ge 1 ] || usage
instance=$1; shift
case "$instance" in -*) bad_arg "the instance comes first, got '$instance'" ;; esac
require_instance "$instance"
purge=false dry=false
while [ $# -gt 0 ]; do
  case "$1" in
    --purge) $purge && usage; purge=true ;;
    --dry-run) $dry && usage; dry=true ;;
    *) bad_arg "unknown option '$1'" ;;
  esac
  shift
done

input=$(jq -cn --arg i "$instance" --argjson p "$purge" --argjson d "$dry" \
  '{instance: $i, purge: $p, dryRun: $d}')
result=$(launch "decommission-partner-$instance" DecommissionPartner "$input") || exit $?
jq -r "$REPORT_JQ"'
  (if .plan and (.plan.changes | length) > 0 then
     "plan for \(.plan.key)\(if .plan.resumed then " (finishing an earlier run)" else "" end)\(if .plan.purge then ", purged" else "" end): partners \(.plan.partners | join(", "))",
     (.plan | plan_table)
   else empty end),
  ((.changes // [])[] | "done: \(.)"),
  (if .finalBackup then "final backup kept: \(.finalBackup)" else empty end),
  ((.remaining // [])[] | "VerifyInstance \(.instance): \(.outcome)"),
  (.federation | matrix),
  (if .failure then "stopped at \(.failure)" else empty end),
  errors_and_time
' <<<"$result" >&2
echo "$result"
case "$(jq -r .outcome <<<"$result")" in
  DECOMMISSIONED) exit 0 ;;
  PLANNED) $dry && exit 0 || exit 1 ;;
  *) exit 1 ;;
esac
