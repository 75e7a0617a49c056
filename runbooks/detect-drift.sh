#!/usr/bin/env bash
# Runbook detect-drift: every difference between what the registry, the release, the realm
# specification and the shipped OPA policy say an instance is and what runs (containers, Keycloak
# federation, OPA); with --reconcile, put back through DeployInstance, the realm and OPA. Prints the
# items as a table, the groups, what each ignore rule hid and each reconcile step (stderr), then the
# report as JSON (stdout).
# usage: runbooks/detect-drift.sh [instance…] [--reconcile]     (no instance: every enabled one)
# exit: 0 in sync (after --reconcile: all put back); 1 drift found (after --reconcile: some left);
#       2 could not decide (something could not be read and nothing else drifted), bad usage, or no
#       Temporal server; 3 the run failed (unknown or disabled instance, unusable registry or ignore
#       rules)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "[instance…] [--reconcile]"
instances=() reconcile=false
while [ $# -gt 0 ]; do
  case "$1" in
    --reconcile) reconcile=true ;;
    -*) bad_arg "unknown option '$1'" ;;
    *) require_instance "$1"; instances+=("$1") ;;
  esac
  shift
done

if [ ${#instances[@]} -eq 0 ]; then
  id=detect-drift-all
else
  id="detect-drift-$(IFS=-; echo "${instances[*]}")"
fi
input=$(jq -cn --argjson r "$reconcile" '{instances: $ARGS.positional, reconcile: $r}' \
  --args ${instances[@]+"${instances[@]}"})

report=$(launch "$id" DetectDrift "$input") || exit $?
jq -r '
  def pad($n): tostring | . + ([range([$n - length, 0] | max)] | map(" ") | add // "");
  def cut($n): tostring | gsub("\\s+"; " ") | if length > $n then .[0:$n - 1] + "…" else . end;
  if .verdict == "REJECTED" then "REJECTED: \(.reason)" else
  "\("SEVERITY" | pad(8)) \("CATEGORY" | pad(8)) \("INST" | pad(4)) \("RESOURCE" | pad(34)) \("PATH" | pad(30)) \("DESIRED" | pad(28)) \("ACTUAL" | pad(28)) FIRST SEEN",
  (.items[] | "\(.severity | pad(8)) \(.category | pad(8)) \(.instance | pad(4)) \(.resource | cut(34) | pad(34)) \((.path // "") | cut(30) | pad(30)) \((.desired // "-") | cut(28) | pad(28)) \((.actual // "-") | cut(28) | pad(28)) \(.firstSeen // "-")"),
  (.summary[] | select((.instances | length) > 1) | "same on \(.instances | join(",")): \(.severity) \(.category) \(.resource) \(.path)"),
  (.ignored | to_entries[] | "ignore rule \(.key) hid \(.value)"),
  ((.reconciled // [])[] | "reconcile \(.instance): \(.action): \(.outcome)", (.details[] | "    \(.)")),
  "\(.items | length) items (\([.items[] | select(.severity == "critical")] | length) critical) on \(.instances | join(",")) in \(.durationMs) ms: \(.verdict)"
  end
' <<<"$report" >&2
echo "$report"
case "$(jq -r .verdict <<<"$report")" in
  IN_SYNC) exit 0 ;;
  DRIFT) exit 1 ;;
  *) exit 2 ;;
esac
