#!/usr/bin/env bash
# Benchmark: backup-instance, verify-backup (the restore test: RTO) and restore-instance on one
# instance seeded with a realistic volume, median of N runs (default 3).
#   seed: 100 000 resource documents (bench-N) and 1 000 Keycloak users (bench-user-N), removed at the end
# Needs `./dive-ops up`. The benchmark's backups (and restore checkpoints) are deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
instance=${2:-usa}
documents=${DOCS:-100000}
users=${USERS:-1000}
secrets=${DIVE_OPS_SECRETS_DIR:-${DIVE_OPS_SECRETS:-/var/lib/dive-ops/secrets}}
store=${DIVE_OPS_BACKUPS_DIR:-/var/lib/dive-ops/backups}/$instance
registry=config/federation-registry.json
realm=$(jq -r .defaults.realm "$registry")
kc_port=$(jq -r ".instances.$instance.services.keycloak.externalPort" "$registry")
mongo_port=$(jq -r ".instances.$instance.services.mongodb.externalPort" "$registry")
mongo_db=$(jq -r ".instances.$instance.mongodb.database // \"dive-v3\"" "$registry")
admin_password=$(cat "$secrets/$(jq -r ".instances.$instance.secrets.keycloakAdmin" "$registry")")
kc=http://127.0.0.1:$kc_port
classpath=$(mvn -q -o -pl activities dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
token() {
  curl -fsS "$kc/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
    -d username=admin --data-urlencode "password=$admin_password" | jq -r .access_token
}
seed() {
  java -cp "$classpath" bench/SeedResources.java seed "mongodb://127.0.0.1:$mongo_port" "$mongo_db" "$documents"
  jq -n --argjson n "$users" '{ifResourceExists: "SKIP", users: [range(0; $n) | {username: "bench-user-\(.)",
    enabled: true, email: "bench-user-\(.)@bench.invalid", firstName: "Bench", lastName: "User \(.)",
    attributes: {clearance: ["SECRET"], countryOfAffiliation: ["USA"]}}]}' |
    curl -fsS -o /dev/null -X POST "$kc/admin/realms/$realm/partialImport" -H "Authorization: Bearer $(token)" \
      -H 'Content-Type: application/json' --data-binary @-
  echo "users: $users imported"
}
clean() {
  java -cp "$classpath" bench/SeedResources.java clean "mongodb://127.0.0.1:$mongo_port" "$mongo_db" || true
  local t n=0; t=$(token)
  for id in $(curl -fsS "$kc/admin/realms/$realm/users?search=bench-user-&max=100000&briefRepresentation=true" \
      -H "Authorization: Bearer $t" | jq -r '.[].id'); do
    # An admin token lives a minute; deleting a thousand users takes longer.
    (( ++n % 100 == 0 )) && t=$(token)
    curl -fsS -o /dev/null -X DELETE "$kc/admin/realms/$realm/users/$id" -H "Authorization: Bearer $t" || true
  done
  for id in "${made[@]}"; do rm -rf "${store:?}/$id"; done
}
made=()
trap clean EXIT
seed

backup_ms=(); size_mb=(); rto_ms=(); verify_ms=(); restore_ms=(); restore_data_ms=()
for _ in $(seq "$runs"); do
  b=$(runbooks/backup-instance.sh "$instance" --retention skip 2>/dev/null)
  id=$(jq -r .backupId <<<"$b"); made+=("$id")
  backup_ms+=("$(jq -r .durationMs <<<"$b")"); size_mb+=("$(jq -r '.sizeBytes / 1048576 | floor' <<<"$b")")
  v=$(runbooks/verify-backup.sh "$instance" "$id" 2>/dev/null) || { echo "verify-backup: $(jq -c '{status, failedCheck}' <<<"$v")" >&2; exit 1; }
  rto_ms+=("$(jq -r .rtoMs <<<"$v")"); verify_ms+=("$(jq -r .durationMs <<<"$v")")
  r=$(runbooks/restore-instance.sh "$instance" "$id" 2>/dev/null) || { echo "restore-instance: $(jq -c '{outcome, failure}' <<<"$r")" >&2; exit 1; }
  made+=("$(jq -r .checkpointId <<<"$r")")
  restore_ms+=("$(jq -r .durationMs <<<"$r")")
  restore_data_ms+=("$(jq -r '[.stepMs | to_entries[] | select(.key | startswith("restore ")) | .value] | add' <<<"$r")")
done
echo "counts in the last backup: $(jq -c .counts <<<"$b")"
printf '%-62s %9s   (median of %s, instance %s)\n' "backup / restore" median "$runs" "$instance"
printf '%-62s %9s   %s\n' "backup-instance, whole run (ms)" "$(printf '%s\n' "${backup_ms[@]}" | median)" "${backup_ms[*]}"
printf '%-62s %9s   %s\n' "backup size (MiB)" "$(printf '%s\n' "${size_mb[@]}" | median)" "${size_mb[*]}"
printf '%-62s %9s   %s\n' "verify-backup: restore into empty datastores = RTO (ms)" "$(printf '%s\n' "${rto_ms[@]}" | median)" "${rto_ms[*]}"
printf '%-62s %9s   %s\n' "verify-backup, whole run incl. checksums and checks (ms)" "$(printf '%s\n' "${verify_ms[@]}" | median)" "${verify_ms[*]}"
printf '%-62s %9s   %s\n' "restore-instance: data restored + verified (ms)" "$(printf '%s\n' "${restore_data_ms[@]}" | median)" "${restore_data_ms[*]}"
printf '%-62s %9s   %s\n' "restore-instance, whole run incl. checkpoint backup (ms)" "$(printf '%s\n' "${restore_ms[@]}" | median)" "${restore_ms[*]}"
