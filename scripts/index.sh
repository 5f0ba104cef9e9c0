#!/usr/bin/env bash
# Brings the product search index of the order database's catalog up to date: nothing to do
# when it is current; otherwise a build that takes unchanged vectors from the embedding
# cache (var/cache/embeddings), so only new or changed product texts are encoded.
source "$(dirname "$0")/common.sh"
encoder="${SHOPBOT_SEARCH_ENCODER:-e5}"
if "$VENV/bin/shopbot" index status --encoder "$encoder" --check >/dev/null 2>&1; then
  say "Product index ($encoder) is current"
else
  say "Building the product index ($encoder; the first time encodes every product: about 3-4 minutes for the demo's 2,400 on 2 cores)"
  "$VENV/bin/shopbot" index build --encoder "$encoder"
fi
