#!/usr/bin/env bash
# Benchmark: ProvisionPartner then DecommissionPartner (--purge) of a fourth nation, N rounds
# (default 3), through their launchers, with each run's step timings; then the medians.
# Seed: a new partner in 30 minutes. Goal: <= 3 minutes to a verified, federated partner.
# Needs `./dive-ops up` (server, worker, sandbox). The partner is DIVE's own DEU entry from the real
# registry beside this checkout (or the file given as $2), moved onto loopback with ports after the
# sandbox's three. Each round leaves the registry as it found it, byte for byte; a round that fails
# stops the benchmark: take DEU out with `runbooks/decommission-partner.sh deu --purge`.
# usage: bench/provision-partner.sh [rounds] [dive-registry.json]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
source_registry=${2:-../shared/dive-v3/federation-registry.json}
goal_ms=180000
seed_ms=1800000
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
now_ms() { date +%s%3N; }
steps() { jq -r '.stepMs | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$1"; }

[ -r "$source_registry" ] || { echo "no DIVE registry at $source_registry: give one as the second argument" >&2; exit 2; }
jq -e '.instances.deu' config/federation-registry.json >/dev/null 2>&1 \
  && { echo "deu is already in config/federation-registry.json: take it out first (runbooks/decommission-partner.sh deu --purge)" >&2; exit 2; }
partner=$(mktemp --suffix=.json)
trap 'rm -f "$partner"' EXIT
# DEU on this machine: loopback, plain HTTP as the sandbox images serve, ports +3 after USA, FRA, GBR.
jq '.instances.deu
  | .type = "local"
  | .deployment |= (del(.sshUser, .sshKeyPath, .remotePath) + {host: "localhost", domain: "dive.sandbox", projectName: "dive-deu"})
  | .services |= with_entries(if (.value | type) != "object" then . else
        .value.externalPort = ({frontend: 13003, backend: 14003, keycloak: 18083, kas: 18093,
          postgres: 15435, mongodb: 17020, redis: 16382, opa: 18184}[.key])
        | if .value.protocol then .value.protocol = "http" else . end
        | if .value.hostname then .value.hostname = "deu-\(.key).dive.sandbox" else . end end)
  | .services.keycloak += {internalPort: 8080, managementPort: 19003}
  | .cloudflare.metricsPort = 19129' "$source_registry" > "$partner"

before=$(sha256sum config/federation-registry.json | cut -d' ' -f1)
provisioned=() decommissioned=()
for i in $(seq "$rounds"); do
  start=$(now_ms)
  result=$(runbooks/provision-partner.sh "$partner" 2>/dev/null) || { echo "round $i: provisioning did not succeed: $(jq -c '{outcome, failure, errors}' <<<"${result:-{\}}")" >&2; exit 1; }
  wall=$(( $(now_ms) - start )); provisioned+=("$wall")
  printf 'round %d provision:    %7d ms wall, %s, pairs %s/%s; steps: %s\n' "$i" "$wall" "$(jq -r .outcome <<<"$result")" \
    "$(jq -r .federation.passed <<<"$result")" "$(jq -r '.federation.pairs | length' <<<"$result")" "$(steps "$result")"

  start=$(now_ms)
  result=$(runbooks/decommission-partner.sh deu --purge 2>/dev/null) || { echo "round $i: decommissioning did not succeed: $(jq -c '{outcome, failure, errors}' <<<"${result:-{\}}")" >&2; exit 1; }
  wall=$(( $(now_ms) - start )); decommissioned+=("$wall")
  printf 'round %d decommission: %7d ms wall, %s, final backup %s; steps: %s\n' "$i" "$wall" "$(jq -r .outcome <<<"$result")" \
    "$(jq -r .finalBackup <<<"$result")" "$(steps "$result")"
  [ "$(sha256sum config/federation-registry.json | cut -d' ' -f1)" = "$before" ] \
    || { echo "round $i: the registry's bytes changed" >&2; exit 1; }
done
p=$(printf '%s\n' "${provisioned[@]}" | median)
d=$(printf '%s\n' "${decommissioned[@]}" | median)
printf '\nmedian of %d rounds: provision %d ms (goal <= %d ms: %s; seed %d ms), decommission %d ms\n' "$rounds" \
  "$p" "$goal_ms" "$([ "$p" -le "$goal_ms" ] && echo met || echo MISSED)" "$seed_ms" "$d"
