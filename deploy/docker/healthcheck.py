#!/usr/bin/env python3
"""``shopbot-healthcheck URL``: the images' health check (Dockerfile ``HEALTHCHECK``, compose
``healthcheck``). Exit 0 when ``URL`` answers 200, else 1 with the reason on stderr: the
test ``shopbot production status`` makes of the profile's health URLs
(shopbot/production/health.py). The standard library only: it runs on the image's own
Python, outside the project's environments.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 4.0


def check(url: str) -> str | None:
    """``None`` when ``url`` answers 200, else why not."""
    if not url.startswith(("http://", "https://")):
        return f"not an http(s) URL: {url!r}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only, checked above
            status = int(response.status)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return type(error).__name__ + (f": {error.reason}" if hasattr(error, "reason") else "")
    return None if status == 200 else f"HTTP {status}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: shopbot-healthcheck URL", file=sys.stderr)
        return 2
    problem = check(argv[0])
    if problem is not None:
        print(f"{argv[0]}: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
