#!/usr/bin/env bash
# Runbook verify-federation: a real brokered login for every ordered pair (home, partner) of
# federated enabled instances. Prints the matrix (stderr) and the report as JSON (stdout).
# usage: runbooks/verify-federation.sh [instance…]              every pair among them (none: all enabled)
#        runbooks/verify-federation.sh --pair <home>:<partner>  one pair alone: a partner's user at home
# exit: 0 every pair PASS; 1 a pair FAILed; 2 bad usage, or the Temporal server cannot be reached (the
#       CLI's error is on stderr); 3 the run failed (unknown, disabled or not federated instance)
source "$(dirname "${BASH_SOURCE[0]}")/lib/launch.sh"

usage_is "[instance…] [--pair <home>:<partner>]"
instances=() pair=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pair)
      [ $# -ge 2 ] && [ -z "$pair" ] || usage
      pair=$2; shift ;;
    -*) bad_arg "unknown option '$1'" ;;
    *) require_instance "$1"; instances+=("$1") ;;
  esac
  shift
done

if [ -n "$pair" ]; then
  [[ "$pair" == *:* ]] || bad_arg "pair must be <home>:<partner> such as usa:fra, got '$pair'"
  home=${pair%%:*} partner=${pair#*:}
  require_instance "$home"
  require_instance "$partner"
  [ ${#instances[@]} -eq 0 ] || bad_arg "--pair verifies that pair alone: name no instance with it"
  id="verify-federation-pair-$home-$partner"
  input=$(jq -cn --arg h "$home" --arg p "$partner" '{instances: [], pair: {home: $h, partner: $p}}')
elif [ ${#instances[@]} -eq 0 ]; then
  id=verify-federation-all
  input='{"instances": [], "pair": null}'
else
  id="verify-federation-$(IFS=-; echo "${instances[*]}")"
  input=$(jq -cn '{instances: $ARGS.positional, pair: null}' --args "${instances[@]}")
fi

report=$(launch "$id" VerifyFederation "$input") || exit $?
# The matrix for a reader: "home ← partner" is a partner's user logging in at home.
jq -r '
  def pad($n): tostring | . + ([range([$n - length, 0] | max)] | map(" ") | add // "");
  def lpad($n): tostring | ([range([$n - length, 0] | max)] | map(" ") | add // "") + .;
  "\("HOME" | pad(6))  \("PARTNER" | pad(8)) \("RESULT" | pad(6)) \("MS" | lpad(7))  \("FAILED STEP" | pad(19)) EVIDENCE",
  (.pairs[] | "\(.home | pad(5)) ← \(.partner | pad(8)) \(.verdict | pad(6)) \(.latencyMs | lpad(7))  \(.failedStep // "-" | pad(19)) \(.evidence // "" | gsub("\\s+"; " ") | .[0:160])"),
  "\(.pairs | length) pairs: \(.passed) passed, \(.failed) failed in \(.durationMs) ms: \(.verdict)"
' <<<"$report" >&2
echo "$report"
[ "$(jq -r .verdict <<<"$report")" = PASS ] || exit 1
