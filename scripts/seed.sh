#!/usr/bin/env bash
# Creates (or migrates) the order database and fills it with demo data when it is empty.
source "$(dirname "$0")/common.sh"
"$VENV/bin/shopbot" db init
"$VENV/bin/shopbot" db seed --if-empty --seed "${SHOPBOT_SEED:-7}"
