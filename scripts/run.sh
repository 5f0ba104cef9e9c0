#!/usr/bin/env bash
# `make run`: environments, demo database, retention, model, then the action server and the
# Rasa server, each in the background on loopback; waits until both answer and says where to go.
# Secrets travel in the environment, never on a command line (the Rasa server is started by
# bot/server.py, which hands the token to Rasa inside its own process).
source "$(dirname "$0")/common.sh"

"$ROOT/scripts/bootstrap.sh"
load_secrets
"$ROOT/scripts/seed.sh"
# Personal data's lifetime: conversations older than SHOPBOT_RETENTION_DAYS (default 90)
# leave the tracker store, keeping daily counts (quick when there is nothing to remove).
"$VENV/bin/shopbot" privacy retention >/dev/null || die "shopbot privacy retention failed"
"$ROOT/scripts/index.sh"
"$ROOT/scripts/train.sh"

healthy() { curl -fsS --max-time 2 "$1" >/dev/null 2>&1; }
alive() { [[ -f "$VAR/run/$1.pid" ]] && kill -0 "$(cat "$VAR/run/$1.pid")" 2>/dev/null; }

start() {  # start NAME HEALTH_URL COMMAND...
  local name="$1" url="$2"; shift 2
  if alive "$name" && healthy "$url"; then say "$name is already running"; return; fi
  alive "$name" && kill "$(cat "$VAR/run/$name.pid")" 2>/dev/null || true
  say "Starting $name (log: var/log/$name.log)"
  nohup "$@" >"$VAR/log/$name.log" 2>&1 &
  echo $! >"$VAR/run/$name.pid"
}

wait_for() {  # wait_for NAME URL SECONDS
  local name="$1" url="$2" deadline=$(( $(date +%s) + $3 ))
  until healthy "$url"; do
    alive "$name" || { tail -n 30 "$VAR/log/$name.log" >&2; die "$name stopped while starting"; }
    (( $(date +%s) < deadline )) || { tail -n 30 "$VAR/log/$name.log" >&2; die "$name did not answer at $url"; }
    sleep 1
  done
}

# Channels: the template credentials.yml rendered from the environment (unset means off).
say "Channels (credentials.yml; set a platform's variables to switch it on, docs/channels.md)"
"$VENV/bin/shopbot" channels credentials --output "$VAR/credentials.yml"

start actions "http://127.0.0.1:$ACTION_PORT/health" "$VENV/bin/python" -m actions.server
# The Rasa server answers / (no token needed) once its model is loaded.
# shellcheck disable=SC2086
start rasa "http://127.0.0.1:$RASA_PORT/" \
  "$RASA_VENV/bin/python" -m bot.server --model "$ROOT/models/shopbot.tar.gz" \
  --interface 127.0.0.1 --port "$RASA_PORT" --cors $SHOPBOT_CORS_ORIGINS \
  --endpoints endpoints.yml --credentials "$VAR/credentials.yml"
start web "http://127.0.0.1:$WEB_PORT/health" "$VENV/bin/python" -m shopbot.web --port "$WEB_PORT"
wait_for actions "http://127.0.0.1:$ACTION_PORT/health" 60
wait_for web "http://127.0.0.1:$WEB_PORT/health" 60
wait_for rasa "http://127.0.0.1:$RASA_PORT/" 180

# The shop's schedule: `shopbot schedule` scans for order notices every
# SHOPBOT_PROACTIVE_INTERVAL_MINUTES (15, the first a minute from now) and scores the
# customers' value daily at SHOPBOT_CUSTOMER_VALUE_HOUR (docs/proactive.md).
if alive schedule; then
  say "schedule is already running"
else
  say "Starting schedule (log: var/log/schedule.log)"
  nohup "$VENV/bin/shopbot" schedule >"$VAR/log/schedule.log" 2>&1 &
  echo $! >"$VAR/run/schedule.pid"
fi

# Demo conversations for the support console, made by talking to the running bot: the first
# run seeds them (a few minutes), later runs find them in the tracker store and do nothing
# (docs/console.md, "Demo data"). SHOPBOT_DEMO_CONVERSATIONS=0 skips them.
DEMO_CONVERSATIONS="${SHOPBOT_DEMO_CONVERSATIONS:-300}"
if [[ "$DEMO_CONVERSATIONS" != 0 ]]; then
  say "Demo conversations (only while the tracker store has fewer than $DEMO_CONVERSATIONS; 300 take about 3-4 minutes)"
  "$VENV/bin/shopbot" demo conversations --if-empty --n "$DEMO_CONVERSATIONS" \
    --concurrency "${SHOPBOT_DEMO_CONCURRENCY:-4}" \
    || say "The demo conversations stopped early (see above); the assistant runs all the same."
fi

cat <<MSG

  Shopbot is running.
    Demo shop with the chat widget:  http://localhost:$WEB_PORT/
    Support console:         http://localhost:$WEB_PORT/console
                             first admin: .venv/bin/shopbot users create admin --role admin
                             (asks for the password twice; then add others in the console)
    Chat in this terminal:   make chat        (or: .venv/bin/shopbot chat)
    REST channel:            POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook
                             {"sender": "...", "message": "where is my order?"}
    Demo orders to try:      .venv/bin/shopbot orders sample --n 5
    Rasa HTTP API token:     in var/secrets.env (SHOPBOT_RASA_TOKEN)
    Hand-over desk:          .venv/bin/shopbot handover agent add "Your Name"   (API token)
                             .venv/bin/shopbot handover list | show | take | say | handback
    Order notices:           .venv/bin/shopbot proactive notices   (scan: every 15 minutes)
    Logs:                    var/log/rasa.log, var/log/actions.log, var/log/web.log,
                             var/log/schedule.log
    Stop:                    make stop

MSG
