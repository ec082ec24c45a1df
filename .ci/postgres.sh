#!/usr/bin/env bash
# Install PostgreSQL from Debian's packages if it is missing, start it, and create the
# role and database the test suite uses. Safe to run again.
set -euo pipefail

ROLE=${PGROLE:-waymark}
PASSWORD=${PGPASSWORD_WAYMARK:-waymark}
DATABASE=${PGDATABASE_WAYMARK:-waymark}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
    pg_createcluster "$VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1=="'"$VERSION"'" && $2=="main" {print $4}' | grep -q online; then
    echo "Starting PostgreSQL $VERSION…"
    pg_ctlcluster "$VERSION" main start
fi

for _ in $(seq 1 30); do
    if su postgres -c "pg_isready -q"; then break; fi
    sleep 1
done

su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB;
    END IF;
    -- Benchmarks flush the corpus they wrote (CHECKPOINT) before timing.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_checkpoint') THEN
        GRANT pg_checkpoint TO $ROLE;
    END IF;
END
\$\$;
SQL
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$DATABASE'\"" | grep -q 1; then
    su postgres -c "createdb -O $ROLE $DATABASE"
fi
echo "PostgreSQL $VERSION is ready: postgres://$ROLE:***@127.0.0.1:5432/$DATABASE"
