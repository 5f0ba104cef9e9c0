#!/usr/bin/env bash
# `make stop`: stops what `make run` started.
source "$(dirname "$0")/common.sh"
for name in schedule web rasa actions; do
  pidfile="$VAR/run/$name.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" && say "Stopped $name"
  fi
  rm -f "$pidfile"
done
