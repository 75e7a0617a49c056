#!/usr/bin/env bash
# Benchmark: `./dive-ops sandbox up` from nothing running (containers removed, images and volumes
# kept) and when already up; then the running sandbox's memory. Median of N rounds (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
cold=(); warm=()
for _ in $(seq "$rounds"); do
  ./dive-ops sandbox down >/dev/null
  start=$(date +%s%N); ./dive-ops sandbox up >/dev/null; cold+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  start=$(date +%s%N); ./dive-ops sandbox up >/dev/null; warm+=("$(( ($(date +%s%N) - start) / 1000000 ))")
done
printf 'sandbox up, containers created (ms): median %.0f of %s\n' "$(printf '%s\n' "${cold[@]}" | median)" "${cold[*]}"
printf 'sandbox up, already up (ms):         median %.0f of %s\n' "$(printf '%s\n' "${warm[@]}" | median)" "${warm[*]}"
docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' $(docker ps -q --filter label=dive.ops.managed=true) \
  | awk '{v=$2; if (v ~ /GiB/) {sub(/GiB/,"",v); v*=1024} else if (v ~ /MiB/) {sub(/MiB/,"",v)} else if (v ~ /KiB/) {sub(/KiB/,"",v); v/=1024}
         split($1, p, "-"); svc=p[3]; mem[svc]+=v; total+=v}
         END {for (s in mem) printf "  %-9s %7.0f MiB (3 instances)\n", s, mem[s]; printf "sandbox memory: %.0f MiB in all\n", total}'
