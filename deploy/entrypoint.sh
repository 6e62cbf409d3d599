#!/bin/sh
# Entry point of the BLP image: `entrypoint.sh SERVICE`.
#   registry | assessment | training | finance   migrate its database, then serve
#   gateway                                       serve (it has no database)
#   anything else                                 run it as a command (e.g. `sh`, `blp ...`)
# Settings come from BLP_<SERVICE>_* environment variables; see docker-compose.yml.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: entrypoint.sh registry|assessment|training|finance|gateway" >&2
    exit 64
fi

service="$1"
case "$service" in
    registry | assessment | training | finance)
        # Every replica runs this; Alembic's upgrade to head is a no-op once applied.
        blp migrate "$service"
        exec blp serve "$service"
        ;;
    gateway)
        exec blp serve gateway
        ;;
    *)
        exec "$@"
        ;;
esac
