#!/usr/bin/env bash
# `make test`: the whole suite on a fresh machine. Set-up as `make run` does (demo database,
# product index, model; nothing is started) plus Debian's chromium for the browser tests and
# nginx for the production profile's (tests/production), then the Rasa-side checks, then the
# main pytest suite, which also runs `rasa data validate`, the conversation tests, the
# end-to-end and the browser tests.
source "$(dirname "$0")/common.sh"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/seed.sh"
"$ROOT/scripts/index.sh"
"$ROOT/scripts/train.sh"
"$ROOT/scripts/browser.sh"
"$ROOT/scripts/nginx.sh"  # the production profile's proxy (tests/production)

say "Custom NLU components (Python 3.10, .venv-rasa)"
"$RASA_VENV/bin/python" -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider -q "$@"

say "Main suite (Python 3.11, .venv)"
mkdir -p "$ROOT/test-artifacts"
"$VENV/bin/python" -m pytest tests -q "$@"
