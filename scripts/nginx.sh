#!/usr/bin/env bash
# The reverse proxy of the production profile (`make run-prod`): Debian's nginx, run by the
# profile as its own process with its own configuration (var/prod/nginx.conf). Installs it
# with apt-get when it is missing and we are root, without starting Debian's nginx service
# (no policy-rc.d: one that refuses every start is in place for the install); otherwise says
# how to install it. The system service and its default site are never touched.
source "$(dirname "$0")/common.sh"

find_nginx() { command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; }; }

if find_nginx >/dev/null; then
  exit 0
fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  say "Installing Debian's nginx for the production profile (apt-get; the system service is not started)"
  export DEBIAN_FRONTEND=noninteractive
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# Left by scripts/nginx.sh for the install only: start no service.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends nginx >/dev/null \
    || die "apt-get install nginx failed"
  nginx="$(find_nginx)" || die "nginx was installed but is not on PATH or in /usr/sbin"
  say "nginx: $("$nginx" -v 2>&1)"
  exit 0
fi

die "The production profile needs Debian's nginx. Install it with:
    sudo apt-get install --no-install-recommends nginx
  (the profile runs it as its own process with its own configuration; the system service
  may stay stopped), then run 'make run-prod' again."
