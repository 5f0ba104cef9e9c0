#!/usr/bin/env bash
# The browser of the end-to-end widget tests: Debian's chromium, driven by Playwright
# (Playwright's own browser download is never used). Installs it with apt-get when it is
# missing and we are root; otherwise says how to install it.
source "$(dirname "$0")/common.sh"

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  say "Installing Debian's chromium for the browser tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || die "apt-get install chromium failed"
  command -v chromium >/dev/null 2>&1 || die "chromium was installed but is not on PATH"
  say "chromium: $(chromium --version 2>/dev/null || echo installed)"
  exit 0
fi

die "The browser tests need Debian's chromium on PATH. Install it with:
    sudo apt-get install chromium        (Debian, Ubuntu: the 'chromium' package)
  or put a Chromium binary named 'chromium' on PATH, then run the tests again."
