#!/usr/bin/env bash
# Creates (or migrates) the order database and fills it with the demo catalog and demo
# orders when it is empty (idempotent: an existing shop's data is never touched). The
# secrets are loaded first: a migration keys stored conversation ids with
# SHOPBOT_CLIENT_KEY_SECRET (core/db/migrations/versions/0004_privacy.py).
source "$(dirname "$0")/common.sh"
load_secrets
"$VENV/bin/shopbot" db init
"$VENV/bin/shopbot" catalog demo --if-empty
"$VENV/bin/shopbot" db seed --if-empty --seed "${SHOPBOT_SEED:-7}"
# Customers' value tiers (docs/customer_value.md), which the hand-over queue reads: scored once
# here (a few seconds), then by the nightly schedule or by hand.
"$VENV/bin/shopbot" customers value --if-unscored >/dev/null
