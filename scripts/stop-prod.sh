#!/usr/bin/env bash
# `make stop-prod`: stops every process of the production profile (supervisord and all it
# runs). PostgreSQL, Redis and RabbitMQ keep running, with the profile's data.
source "$(dirname "$0")/common.sh"
"$VENV/bin/shopbot" production down
