#!/usr/bin/env bash
# Runbook provision-partner: onboard a nation from a DIVE registry instance entry, federated both ways
# with the instances it trusts, verified and operated; on a failure, nothing left behind. --dry-run
# validates and plans only.
# usage: runbooks/provision-partner.sh <partner.json> [--key nld] [--trust usa,fra] [--dry-run]
#        runbooks/provision-partner.sh --decide <key> retry|abort   answer a provisioning whose
#        compensation did not finish (it pages, holds the locks and waits): run it again, or leave
#        what is left to hand (ROLLBACK_FAILED)
#   partner.json  the entry as it stands under instances.<key> in a DIVE registry (format v3); its
#                 "secrets" name secrets, never hold values (the file becomes the run's input, kept in
#                 its history): a value that is not a secret name is refused here, before any run
#   --key         the registry key (default: the entry's code in lower case)
#   --trust       the instances it federates with (default: every enabled instance)
# Prints the plan, what was made, the verification matrix and any compensation (stderr), and the
# result as JSON (stdout).
# exit: 0 PROVISIONED, NO_CHANGE, or PLANNED with --dry-run; 1 REJECTED (every error is on stderr
#       and in the JSON), ROLLED_BACK or ROLLBACK_FAILED; 2 bad usage or an unfit partner file, or the
#       Temporal server cannot be reached (the CLI's error is on stderr); 3 the run failed
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "<partner.json> [--key nld] [--trust usa,fra] [--dry-run]" "--decide <key> retry|abort"
[ $# -ge 1 ] || usage
if [ "$1" = --decide ]; then
  arg_count 3 3 $#
  require_instance "$2"
  case "$3" in retry|abort) ;; *) bad_arg "--decide must be retry or abort, got '$3'" ;; esac
  answer_waiting ProvisionPartner "$2" "$3"
fi
file=$1; shift
case "$file" in -*) bad_arg "the partner file comes first, got '$file'" ;; esac
key="" trust=null dry=false
while [ $# -gt 0 ]; do
  case "$1" in
    --key) [ $# -ge 2 ] && [ -z "$key" ] || usage; require_instance "$2"; key=$2; shift ;;
    --trust)
      [ $# -ge 2 ] && [ "$trust" = null ] || usage
      require_format --trust '^[a-z]{3}(,[a-z]{3})*$' "registry keys such as usa,fra" "$2"
      IFS=, read -r -a trusted <<<"$2"
      trust=$(jq -cn '$ARGS.positional' --args "${trusted[@]}"); shift ;;
    --dry-run) dry=true ;;
    *) bad_arg "unknown option '$1'" ;;
  esac
  shift
done

[ -f "$file" ] && [ -r "$file" ] || bad_arg "partner file '$file' does not exist or cannot be read"
jq -e 'type == "object"' "$file" >/dev/null 2>&1 \
  || bad_arg "partner file '$file' is not a JSON object (an instance entry of a DIVE registry)"
# Names only: a secret value here would be written into the run's history. Which field, never what.
bad_secrets=$(jq -r '(.secrets // {}) | to_entries[]
  | select((.value | type) != "string" or (.value | test("^[A-Za-z0-9_-]{1,255}$") | not)) | .key' "$file")
[ -z "$bad_secrets" ] || bad_arg "partner file '$file': secrets.$(paste -sd, <<<"$bad_secrets" | sed 's/,/, secrets./g') must name secrets (letters, digits, '-', '_'), not hold values: nothing was sent"
id_key=${key:-$(jq -r '.code // "" | ascii_downcase' "$file")}
[ -n "$id_key" ] || bad_arg "the partner has no code: give its key with --key"
require_instance "$id_key"

input=$(jq -c --arg k "$key" --argjson t "$trust" --argjson d "$dry" \
  '{partner: ., key: (if $k == "" then null else $k end), trust: $t, dryRun: $d}' "$file")
result=$(launch "provision-partner-$id_key" ProvisionPartner "$input") || exit $?
jq -r "$REPORT_JQ"'
  (if .plan then
     "plan for \(.plan.key) (\(.plan.code)), release \(.plan.release): \(.plan.releaseReason)",
     (.plan | plan_table)
   else empty end),
  ((.changes // [])[] | "made: \(.)"),
  (if .verification then "VerifyInstance \(.key): \(.verification.outcome)" else empty end),
  (.federation | matrix),
  (if .failure then "failed at \(.failure)" else empty end),
  ((.compensation // [])[] | "undo: \(.)"),
  (.warnings[] | "warning: \(.path)  [\(.rule)]  \(.message)"),
  errors_and_time
' <<<"$result" >&2
echo "$result"
case "$(jq -r .outcome <<<"$result")" in
  PROVISIONED|NO_CHANGE) exit 0 ;;
  PLANNED) $dry && exit 0 || exit 1 ;;
  *) exit 1 ;;
esac
