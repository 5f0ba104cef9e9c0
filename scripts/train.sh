#!/usr/bin/env bash
# Trains the Rasa model when the training data, domain, config or components changed since
# the last model (content hash, not file times), else keeps it.
source "$(dirname "$0")/common.sh"

MODEL="$ROOT/models/shopbot.tar.gz"
STAMP="$ROOT/models/shopbot.sha256"
# What the model depends on: the Rasa files, and the Rasa-side code it loads (bot/'s
# components and policy, the knowledge library's language, out-of-scope and sentiment parts,
# the core's pure modules they import). Not the channels or the server launcher: no model
# holds them.
model_code=()
for file in bot/*.py; do [[ "$file" == bot/server.py ]] || model_code+=("$file"); done
wanted="$(content_hash config.yml domain.yml data "${model_code[@]}" knowledge/language \
  knowledge/out_of_scope knowledge/sentiment core/languages.py core/text.py core/errors.py \
  requirements/rasa.txt)"
if [[ -f "$MODEL" && -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" ]]; then
  say "Model is up to date ($MODEL)"
  exit 0
fi
say "Training the Rasa model (data, domain or config changed; on 2 cores about 5 minutes the first time, 3 when the e5 vectors of the examples are cached)"
start=$(date +%s)
"$RASA_VENV/bin/rasa" train --config config.yml --domain domain.yml --data data \
  --out "$ROOT/models" --fixed-model-name shopbot --quiet 2> >(tee "$VAR/log/train.log" >&2) \
  || die "training failed (log: var/log/train.log)"
echo "$wanted" > "$STAMP"
say "Model trained in $(( $(date +%s) - start )) s: $MODEL"
