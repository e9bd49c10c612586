#!/usr/bin/env bash
# Starts a streaming read replica of the local PostgreSQL server (127.0.0.1:5432) on another port,
# made with pg_basebackup -R, for DATABASE_READ_URL in tests, CI and benchmarks. Idempotent: a
# replica already running is left as it is; one stopped is started again; none is made anew.
# Run as root (or as postgres). Prints the replica's URL on its last line.
#
#   scripts/start-replica.sh            # replica on 127.0.0.1:5433
#   REPLICA_PORT=5434 scripts/start-replica.sh
#   scripts/start-replica.sh stop       # stops it (the data directory stays, for a quick restart)
#
# The primary must accept replication connections from localhost. If its pg_hba.conf has no
# `replication` line for 127.0.0.1, one (trust, like the rest of this local set-up) is added and
# the primary reloads its configuration: this is the only change made to the primary.
set -euo pipefail

primary_host=${PRIMARY_HOST:-127.0.0.1}
primary_port=${PRIMARY_PORT:-5432}
replica_port=${REPLICA_PORT:-5433}
version=${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}
bin=/usr/lib/postgresql/${version}/bin
data=${REPLICA_DATA:-/var/lib/postgresql/${version}/ptc-replica-${replica_port}}
log=${data}/replica.log

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
ready() { pg_isready -q -h 127.0.0.1 -p "$replica_port"; }

if [ "${1:-start}" = stop ]; then
  if [ -f "$data/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop; fi
  exit 0
fi

if ! pg_isready -q -h "$primary_host" -p "$primary_port"; then
  echo "the primary at ${primary_host}:${primary_port} does not answer" >&2
  exit 1
fi

if ready; then
  in_recovery=$(psql -h 127.0.0.1 -p "$replica_port" -U postgres -Atc 'SELECT pg_is_in_recovery()')
  if [ "$in_recovery" != t ]; then
    echo "port ${replica_port} answers, but not as a replica" >&2
    exit 1
  fi
  echo "postgres://postgres@127.0.0.1:${replica_port}/postgres"
  exit 0
fi

if [ ! -f "$data/standby.signal" ]; then
  hba=$(psql -h "$primary_host" -p "$primary_port" -U postgres -Atc 'SHOW hba_file')
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo "allowing replication connections from 127.0.0.1 in ${hba}" >&2
    printf '# Added by start-replica.sh: the local read replica streams from here.\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
    psql -h "$primary_host" -p "$primary_port" -U postgres -Atqc 'SELECT pg_reload_conf()'
  fi
  rm -rf "$data"
  install -d -o postgres -g postgres -m 700 "$data"
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL made meanwhile.
  as_postgres "$bin/pg_basebackup" -h "$primary_host" -p "$primary_port" -U postgres -D "$data" -R -X stream -c fast
  # Debian keeps the configuration outside the data directory, so the copy has none of its own.
  as_postgres tee "$data/postgresql.conf" >/dev/null <<CONF
port = ${replica_port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
max_connections = 100
shared_buffers = 64MB
hba_file = '${data}/pg_hba.conf'
ident_file = '${data}/pg_ident.conf'
CONF
  as_postgres tee "$data/pg_hba.conf" >/dev/null <<'HBA'
local all all trust
host all all 127.0.0.1/32 trust
HBA
  as_postgres touch "$data/pg_ident.conf"
fi

as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 120 start >/dev/null
for _ in $(seq 1 60); do ready && break; sleep 1; done
ready || { echo "the replica did not start; see ${log}" >&2; exit 1; }
echo "postgres://postgres@127.0.0.1:${replica_port}/postgres"
