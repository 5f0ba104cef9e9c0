#!/usr/bin/env bash
# The website's one npm dependency (socket.io-client, served as /vendor/socket.io.min.js):
# `npm ci` in web/ from the committed package-lock.json, only when the lock file changed
# since the last install (a stamp in web/node_modules). Nothing is built or downloaded at
# run time: the web server serves web/ and the installed file as they are.
source "$(dirname "$0")/common.sh"

WEB="$ROOT/web"
STAMP="$WEB/node_modules/.shopbot-stamp"
VENDOR="$WEB/node_modules/socket.io-client/dist/socket.io.min.js"

wanted="$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" && -f "$VENDOR" ]]; then
  exit 0
fi

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || die "Node.js and npm are needed once, to install the widget's socket.io-client (web/package-lock.json).
  Install them (Debian/Ubuntu: 'apt-get install nodejs npm'; or https://nodejs.org), then run this again."

say "Installing the website's packages (npm ci in web/)"
(cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error) \
  || die "npm ci in web/ failed (see above)"
[[ -f "$VENDOR" ]] || die "npm ci finished but $VENDOR is missing"
echo "$wanted" > "$STAMP"
