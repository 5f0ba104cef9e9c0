#!/usr/bin/env bash
# Shared settings of the set-up scripts. Sourced, never run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
RASA_VENV="$ROOT/.venv-rasa"
VAR="$ROOT/var"
mkdir -p "$VAR/log" "$VAR/run"

# Nothing here may reach out: no telemetry, no model hub.
export RASA_TELEMETRY_ENABLED=false
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export TF_CPP_MIN_LOG_LEVEL=2
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONDONTWRITEBYTECODE=1

RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${SHOPBOT_ACTION_PORT:-5055}"
export SHOPBOT_ACTION_PORT="$ACTION_PORT"
export SHOPBOT_ACTION_URL="${SHOPBOT_ACTION_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}"
export SHOPBOT_RASA_URL="${SHOPBOT_RASA_URL:-http://127.0.0.1:${RASA_PORT}}"
export SHOPBOT_TRACKER_DB="${SHOPBOT_TRACKER_DB:-$VAR/tracker.db}"
# Rasa's SQL event broker (endpoints.yml), read by the console's conversation summaries.
export SHOPBOT_EVENTS_DB="${SHOPBOT_EVENTS_DB:-$VAR/events.db}"
# Origins allowed to call the Rasa server from a browser: an explicit list, never "*".
export SHOPBOT_CORS_ORIGINS="${SHOPBOT_CORS_ORIGINS:-http://localhost:8000 http://127.0.0.1:8000}"
# Pages allowed to open the widget's socket.io connection (the same list unless set).
export SHOPBOT_WIDGET_ORIGINS="${SHOPBOT_WIDGET_ORIGINS:-$SHOPBOT_CORS_ORIGINS}"
WEB_PORT="${SHOPBOT_WEB_PORT:-8000}"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Random secrets (32 bytes as 64 hex characters), made once per checkout; production sets its
# own. Every server refuses to start without them (core/secret_rules.py).
load_secrets() {
  local file="$VAR/secrets.env" name
  ( umask 077; touch "$file" )
  for name in SHOPBOT_ACTION_TOKEN SHOPBOT_RASA_TOKEN SHOPBOT_WIDGET_SESSION_SECRET \
      SHOPBOT_CLIENT_KEY_SECRET SHOPBOT_CUSTOMER_TOKEN_SECRET; do
    grep -q "^$name=" "$file" \
      || echo "$name=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >> "$file"
  done
  set -a
  # shellcheck disable=SC1090
  source "$file"
  set +a
}

# A content hash of the files given (directories are walked), for "did it change?" checks.
content_hash() {
  find "$@" -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.tsv' -o -name '*.txt' -o -name '*.md' \) \
    -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
