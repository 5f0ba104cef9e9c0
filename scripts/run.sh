#!/usr/bin/env bash
# `make run`: environments, demo database, model, then the action server and the Rasa server,
# each in the background on loopback; waits until both answer and says where to go.
source "$(dirname "$0")/common.sh"

"$ROOT/scripts/bootstrap.sh"
load_secrets
"$ROOT/scripts/seed.sh"
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
# shellcheck disable=SC2086
start rasa "http://127.0.0.1:$RASA_PORT/status?token=$SHOPBOT_RASA_TOKEN" \
  "$RASA_VENV/bin/rasa" run --model "$ROOT/models/shopbot.tar.gz" \
  --interface 127.0.0.1 --port "$RASA_PORT" \
  --enable-api --auth-token "$SHOPBOT_RASA_TOKEN" --cors $SHOPBOT_CORS_ORIGINS \
  --endpoints endpoints.yml --credentials "$VAR/credentials.yml"
start web "http://127.0.0.1:$WEB_PORT/health" "$VENV/bin/python" -m shopbot.web --port "$WEB_PORT"
wait_for actions "http://127.0.0.1:$ACTION_PORT/health" 60
wait_for web "http://127.0.0.1:$WEB_PORT/health" 60
wait_for rasa "http://127.0.0.1:$RASA_PORT/status?token=$SHOPBOT_RASA_TOKEN" 180

cat <<MSG

  Shopbot is running.
    Demo shop with the chat widget:  http://localhost:$WEB_PORT/
    Chat in this terminal:   make chat        (or: .venv/bin/shopbot chat)
    REST channel:            POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook
                             {"sender": "...", "message": "where is my order?"}
    Demo orders to try:      .venv/bin/shopbot orders sample --n 5
    Rasa HTTP API token:     in var/secrets.env (SHOPBOT_RASA_TOKEN)
    Hand-over desk:          .venv/bin/shopbot handover agent add "Your Name"   (API token)
                             .venv/bin/shopbot handover list | show | take | say | handback
    Logs:                    var/log/rasa.log, var/log/actions.log, var/log/web.log
    Stop:                    make stop

MSG
