#!/usr/bin/env python
"""Screenshots of the support console for the README, at desktop and phone widths.

Run it against a running ``make run`` stack (the console at http://localhost:8000/console,
with the demo conversations ``make run`` seeds)::

    .venv/bin/python scripts/screenshots.py [--url http://localhost:8000] [--out docs/images]

It drives Debian's chromium with Playwright, as the browser tests do. To sign in it gives a
throw-away admin account (``readme-screenshots``) a fresh random password through
``shopbot users``, and deactivates the account again at the end. It photographs the sign-in
page, every page the navigation offers an admin (inbox, conversations, corrections,
analytics, users, privacy: whatever exists), and the transcript of the first conversation
in the list, each as ``console-<page>-desktop.png`` and ``console-<page>-phone.png``.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
SHOPBOT = ROOT / ".venv" / "bin" / "shopbot"
USERNAME = "readme-screenshots"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: A conversation's transcript: /console/conversations/<id> (not the list's own query links).
TRANSCRIPT_LINK = re.compile(r"^/console/conversations/[^/?#]+$")
#: Time for a page's scripts to finish drawing (charts, live lists), in milliseconds.
SETTLE_MS = 1500

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _users(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SHOPBOT), "users", *args],
        input=f"{password}\n" if password else None,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@contextmanager
def screenshot_account() -> Iterator[str]:
    """An admin account with a fresh random password, deactivated afterwards."""
    password = secrets.token_urlsafe(24)
    created = _users("create", USERNAME, "--role", "admin", password=password)
    if created.returncode != 0:
        for step in (("activate", USERNAME), ("set-role", USERNAME, "--role", "admin")):
            _users(*step)
        reset = _users("reset-password", USERNAME, password=password)
        if reset.returncode != 0:
            sys.exit(f"cannot prepare the {USERNAME} account:\n{created.stderr}{reset.stderr}")
    try:
        yield password
    finally:
        _users("deactivate", USERNAME)


def _settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)


def _shoot(page: Page, out: Path, name: str, width: str) -> Path:
    path = out / f"console-{name}-{width}.png"
    page.screenshot(path=str(path), full_page=width == "desktop")
    return path


def _page_name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1] or "home"


def photograph(browser: Browser, base_url: str, password: str, out: Path) -> list[Path]:
    """Every console page, signed in as the screenshot account, at both widths."""
    taken = []
    for width, (w, h) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": w, "height": h}, base_url=base_url)
        page = context.new_page()
        page.goto("/console/login")
        _settle(page)
        taken.append(_shoot(page, out, "login", width))
        page.fill("#username", USERNAME)
        page.fill("#password", password)
        page.click("button[type=submit]")
        _settle(page)
        if "/console/login" in page.url:
            sys.exit("signing in failed: is the console served at /console?")
        links = page.eval_on_selector_all(
            "nav.nav a", "els => els.map(e => e.getAttribute('href'))"
        )
        for path in links:
            page.goto(path)
            _settle(page)
            taken.append(_shoot(page, out, _page_name(path), width))
            if _page_name(path) == "conversations":
                hrefs = page.eval_on_selector_all(
                    "main a[href]", "els => els.map(e => e.getAttribute('href'))"
                )
                transcript = next((h for h in hrefs if TRANSCRIPT_LINK.match(h or "")), None)
                if transcript:
                    page.goto(transcript)
                    _settle(page)
                    taken.append(_shoot(page, out, "transcript", width))
                page.goto(path)
        context.close()
    return taken


def main() -> None:
    """Parse the options, take the screenshots, list them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8000", help="the web server")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    options = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("needs Debian's chromium on PATH (scripts/browser.sh installs it)")
    from playwright.sync_api import sync_playwright

    options.out.mkdir(parents=True, exist_ok=True)
    with screenshot_account() as password, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            taken = photograph(browser, options.url.rstrip("/"), password, options.out)
        finally:
            browser.close()
    for path in taken:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
