#!/usr/bin/env bash
# Benchmark: rolling GBR's app services (kas, backend, frontend) back from a broken release, the
# seed's way against ours, median of N runs (default 5), on the same instance.
#   seed's way: `docker-compose down` of the broken stack, `docker-compose up -d` of the previous
#               compose file, wait until Docker says healthy, then verify-instance PASS;
#   DIVE Ops:   deploy-instance of the broken release: failure detected -> previous version verified
#               (the run's recoveryMs).
# Needs `./dive-ops up` and Debian's docker-compose (installed when missing). Leaves GBR as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v docker-compose >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq docker-compose >/dev/null; }
work=$(mktemp -d); broken=releases/bench-unhealthy.json
# GBR's HealthWatch would mend the seed's way's down/up as it happens: paused meanwhile.
runbooks/health-watch.sh gbr pause 2>/dev/null || true
trap 'docker-compose -p dive-gbr -f "$work/prev.yml" down >/dev/null 2>&1 || true; rm -rf "$work" "$broken"; ./dive-ops sandbox up >/dev/null; runbooks/health-watch.sh gbr resume 2>/dev/null || true' EXIT
jq '.version = "bench-unhealthy" | .services.backend.env.DIVE_FAULT = "unhealthy"' releases/1.1.0.json >"$broken"

# A compose file for GBR's app services as the registry places them (names, ports, network).
compose_file() { # <release> <fault or empty>
  local release=$1 fault=$2 reg=config/federation-registry.json
  echo "version: '2.4'"; echo "services:"
  for s in kas backend frontend; do
    local image; image=$(jq -r ".services.$s.image" "releases/$release.json")
    cat <<YML
  $s:
    image: $image
    container_name: $(jq -r ".instances.gbr.services.$s.containerName" $reg)
    environment: {PORT: "$(jq -r ".instances.gbr.services.$s.internalPort" $reg)", DIVE_SERVICE: $s, DIVE_INSTANCE: gbr$( [ "$s" = backend ] && [ -n "$fault" ] && echo ", DIVE_FAULT: $fault")}
    ports: ["127.0.0.1:$(jq -r ".instances.gbr.services.$s.externalPort" $reg):$(jq -r ".instances.gbr.services.$s.internalPort" $reg)"]
    healthcheck: {test: ["CMD", "curl", "-fs", "-o", "/dev/null", "http://127.0.0.1:$(jq -r ".instances.gbr.services.$s.internalPort" $reg)/health"], interval: 2s, timeout: 3s, retries: 3, start_period: 20s}
    networks: [default]
    restart: unless-stopped
YML
  done
  echo "networks: {default: {external: true, name: dive-gbr_default}}"
}
compose_file 1.0.0 "" >"$work/prev.yml"; compose_file bench-unhealthy unhealthy >"$work/broken.yml"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
healthy() { for s in kas backend frontend; do [ "$(docker inspect -f '{{.State.Health.Status}}' "dive-v3-$s-gbr" 2>/dev/null)" = healthy ] || return 1; done; }

seed=(); ours=()
for _ in $(seq "$runs"); do
  # The seed's way: the broken release runs under compose; roll back by down + up of the previous file.
  docker rm -f dive-v3-kas-gbr dive-v3-backend-gbr dive-v3-frontend-gbr >/dev/null
  docker-compose -p dive-gbr -f "$work/broken.yml" up -d >/dev/null 2>&1
  start=$(date +%s%N)
  docker-compose -p dive-gbr -f "$work/broken.yml" down >/dev/null 2>&1
  docker-compose -p dive-gbr -f "$work/prev.yml" up -d >/dev/null 2>&1
  until healthy; do sleep 0.2; done
  runbooks/verify-instance.sh gbr >/dev/null 2>&1 || { echo "compose rollback did not verify" >&2; exit 1; }
  seed+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  docker-compose -p dive-gbr -f "$work/prev.yml" down >/dev/null 2>&1
  ./dive-ops sandbox up >/dev/null

  # Ours.
  r=$(runbooks/deploy-instance.sh gbr bench-unhealthy 2>/dev/null || true)
  [ "$(jq -r .outcome <<<"$r")" = ROLLED_BACK ] || { echo "deploy did not roll back: $(jq -c '{outcome, failure}' <<<"$r")" >&2; exit 1; }
  ours+=("$(jq -r .recoveryMs <<<"$r")")
done
printf '%-62s %8s   (ms, median of %s)\n' "rollback of GBR's app services to the previous release" median "$runs"
printf '%-62s %8s   %s\n' "seed: docker-compose down + up previous file, healthy, verified" "$(printf '%s\n' "${seed[@]}" | median)" "${seed[*]}"
printf '%-62s %8s   %s\n' "DIVE Ops: failure detected -> kept containers back, verified" "$(printf '%s\n' "${ours[@]}" | median)" "${ours[*]}"
