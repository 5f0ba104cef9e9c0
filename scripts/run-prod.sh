#!/usr/bin/env bash
# `make run-prod`: the production profile on this machine's loopback (docs/production.md).
# The environments and the model as `make run` has them, Debian's nginx, then
# `shopbot production up`: PostgreSQL, Redis and RabbitMQ prepared (database, users,
# virtual host; passwords generated once into var/prod/secrets.env), the order database
# seeded and indexed, two Rasa servers and two action servers behind nginx, the web server
# and the conversation-summary consumer started under supervisord; it waits until every
# process is healthy and says where to go. `make run` is not needed and not slowed.
source "$(dirname "$0")/common.sh"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/nginx.sh"
"$ROOT/scripts/train.sh"

say "Production profile (shopbot production up; logs in var/log/prod/)"
"$VENV/bin/shopbot" production up
