#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d):
# one role and one database per domain service, each role owning its database, and no role
# able to connect to another service's database ("a service reads and writes only its own
# database").
#
# Passwords come from BLP_<SERVICE>_DB_PASSWORD in the postgres container's environment (the
# same variables the services' database URLs are built from). They are applied only here, on
# first start: changing one later in .env needs `ALTER ROLE <service> PASSWORD '...'` too.
#
# The image sources this file instead of running it when it is not executable, so everything
# runs in a subshell: options and variables do not leak into the image's entrypoint, and a
# failure still fails the initialisation.
(
    set -eu

    for service in registry assessment training finance; do
        password_var="BLP_$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
        eval "password=\${$password_var:-}"
        if [ -z "$password" ]; then
            echo "init.sh: $password_var is not set in the postgres container" >&2
            exit 1
        fi
        echo "init.sh: creating role and database '$service'"
        # psql variables quote for us (:"x" an identifier, :'x' a literal), so a password
        # with quotes in it cannot break out of the statement.
        psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
            --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
            --set=service="$service" --set=password="$password" <<'SQL'
CREATE ROLE :"service" LOGIN PASSWORD :'password';
CREATE DATABASE :"service" OWNER :"service" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"service" FROM PUBLIC;
SQL
    done
)
