#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the server tests (Debian's package, no service manager):
# installs it when missing (as root with apt-get), starts the cluster, creates the role of the
# current user and the database consult_test. Prints the URL to export as CONSULT_TEST_DATABASE_URL.
# Never fatal by itself: the tests decide (in CI they fail without PostgreSQL, see test/server/pg.mjs).
set -u
log() { printf 'ensure-postgres: %s\n' "$*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's postgresql (about 10 s)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || log "apt-get failed"
  else
    log "PostgreSQL is not installed and this user cannot apt-get it."
    exit 0
  fi
fi
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  log "no PostgreSQL cluster found under /etc/postgresql."
  exit 0
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true   # "already running" is fine
for _ in $(seq 1 30); do
  pg_isready -q -h /var/run/postgresql && break
  sleep 0.5
done
user=$(id -un)
if [ "$user" = root ]; then
  su postgres -c "psql -qc 'CREATE ROLE root SUPERUSER LOGIN'" >/dev/null 2>&1 || true
  su postgres -c "createdb -O root consult_test" >/dev/null 2>&1 || true
fi
echo "postgresql://${user}@localhost/consult_test?host=/var/run/postgresql"
