#!/usr/bin/env bash
# A PostgreSQL for the store's tests, from Debian's packages, on 127.0.0.1; prints its URL (MAKAN_TEST_PG).
# Installs the postgresql package when missing, starts the newest cluster as the postgres user
# (pg_ctlcluster; the server never runs as root), and creates a role and a database for the tests,
# with PostGIS in it when Debian's package for that server is installable. Safe to run again.
set -euo pipefail
ROLE=${MAKAN_PG_ROLE:-makan}
PASSWORD=${MAKAN_PG_PASSWORD:-makan}
DB=${MAKAN_PG_DB:-makan_test}
if [ "$(id -u)" = 0 ]; then SUDO=; AS_POSTGRES="runuser -u postgres --"; else SUDO=sudo; AS_POSTGRES="sudo -u postgres"; fi

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
if [ -z "$(pg_lsclusters -h)" ]; then  # a container may install the server without creating its cluster
  $SUDO pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main >&2
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | sort -k1,1n | tail -1)
if [ "$STATUS" != online ]; then
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

if [ "${MAKAN_PG_POSTGIS:-1}" = 1 ] && [ ! -e "/usr/share/postgresql/$VERSION/extension/postgis.control" ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-$VERSION-postgis-3" >&2 \
    || echo "PostGIS not installable: the tests run without it" >&2
fi

psql_admin() { cd / && $AS_POSTGRES env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }
psql_admin -d postgres >&2 <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
  END IF;
END\$\$;
SQL
if [ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  psql_admin -d postgres -c "CREATE DATABASE $DB OWNER $ROLE TEMPLATE template0 ENCODING 'UTF8'" >&2
fi
if [ -e "/usr/share/postgresql/$VERSION/extension/postgis.control" ]; then
  psql_admin -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2  # needs a superuser, once per database
fi
echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
