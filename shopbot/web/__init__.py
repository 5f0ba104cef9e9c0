"""The website: the demo shop page, the chat widget's files, the socket.io client they load,
and the hand-over API for support agents, served by one small Sanic app
(``python -m shopbot.web`` or ``shopbot web``; ``make run`` starts it on port 8000)."""

from __future__ import annotations

from shopbot.web.app import WEB_ROOT, create_app, security_headers

__all__ = ["WEB_ROOT", "create_app", "security_headers"]
