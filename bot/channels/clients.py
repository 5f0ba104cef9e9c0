"""Who sent a message: the pseudonymous client id every channel puts in its metadata.

Every ``UserMessage`` a channel hands to Rasa carries ``metadata["shopbot_client"]``
(:data:`CLIENT_METADATA_KEY`): ``HMAC-SHA256(client_key_secret, "<channel>:<address>")``
as 32 hex characters. The channel always sets it itself, over anything the sender put in
the metadata, so the rate limits (:mod:`bot.channels.limits`) and the action server's limits
per client (``actions/conversation.py``, ``client_key_of``) count the real client, and the
tracker store never holds an address in clear.

``<address>`` is
- for the website and the REST channel, the network address the request came from
  (:func:`client_address`): the TCP peer, or, when the peer is a proxy in ``trusted_proxies``
  (CIDR list), the right-most address of ``X-Forwarded-For`` that is not a trusted proxy.
  Entries a client writes itself stand to the left of what the trusted proxies append, so
  they are never reached: ``X-Forwarded-For`` cannot be spoofed from an untrusted peer.
  IPv6 clients count by their /64 network (one subscriber's whole range);
- for the signed messaging platforms, the platform's user (or private chat) id, which the
  platform's signature vouches for.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.channels.config import ChannelConfigurationError
from core.secret_rules import secret_problem

__all__ = [
    "CLIENT_METADATA_KEY",
    "ClientIdentity",
    "IPNetwork",
    "client_address",
    "client_key",
    "parse_address",
    "parse_trusted_proxies",
    "with_client",
]

CLIENT_METADATA_KEY = "shopbot_client"
"""The metadata key of the pseudonymous client id (the interface with the action server)."""
CLIENT_KEY_HEX_CHARACTERS = 32
UNKNOWN_ADDRESS = "unknown"
"""The address of a request whose peer is not an IP address (all such share one client)."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_SEPARATORS = re.compile(r"[\s,]+")
_IPV6_CLIENT_PREFIX = 64


def parse_trusted_proxies(raw: str | Iterable[str] | None) -> tuple[IPNetwork, ...]:
    """The networks of ``raw`` (CIDR or single addresses, space- or comma-separated).

    Raises :class:`ChannelConfigurationError` on anything that is not a network.
    """
    items = _SEPARATORS.split(raw) if isinstance(raw, str) else list(raw or ())
    networks: list[IPNetwork] = []
    for item in (str(item).strip() for item in items):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ChannelConfigurationError(
                f"trusted_proxies: {item!r} is not an address or CIDR network "
                "(SHOPBOT_TRUSTED_PROXIES)"
            ) from None
    return tuple(networks)


def parse_address(raw: str) -> IPAddress | None:
    """The IP address in ``raw`` (``1.2.3.4``, ``1.2.3.4:5678``, ``[2001:db8::1]:443``,
    ``2001:db8::1``); IPv4-mapped IPv6 as IPv4; ``None`` when it is not one."""
    text = raw.strip().strip('"')
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _label(address: IPAddress) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, _IPV6_CLIENT_PREFIX), strict=False)
        return str(network)
    return str(address)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]
) -> str:
    """The client's address: ``peer``, or behind trusted proxies the right-most
    ``X-Forwarded-For`` entry that is not one of them (IPv6 as its /64 network).

    ``forwarded_for`` holds the header's values in the order received. Walking from the
    right, each entry was written by the hop after it; only a trusted hop's word is taken.
    A malformed entry written by a trusted hop ends the walk at that hop.
    """
    current = parse_address(peer or "")
    if current is None:
        return UNKNOWN_ADDRESS
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    while hops and any(current in network for network in trusted):
        previous = parse_address(hops.pop())
        if previous is None:
            break
        current = previous
    return _label(current)


def client_key(secret: bytes, channel: str, address: str) -> str:
    """``HMAC-SHA256(secret, "<channel>:<address>")`` as 32 hex characters."""
    message = f"{channel}:{address}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:CLIENT_KEY_HEX_CHARACTERS]


def with_client(metadata: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    """A copy of ``metadata`` with :data:`CLIENT_METADATA_KEY` set to ``key`` (whatever
    the sender put there is replaced)."""
    stamped = dict(metadata or {})
    stamped[CLIENT_METADATA_KEY] = key
    return stamped


class ClientIdentity:
    """Turns requests and platform users into pseudonymous client ids (see the module)."""

    def __init__(self, secret: str, trusted_proxies: str | Iterable[str] | None = None) -> None:
        """``secret``: ``client_key_secret`` (a real secret, SHOPBOT_CLIENT_KEY_SECRET);
        ``trusted_proxies``: the proxies whose ``X-Forwarded-For`` is believed."""
        problem = secret_problem(secret)
        if problem is not None:
            raise ChannelConfigurationError(
                f"client_key_secret (SHOPBOT_CLIENT_KEY_SECRET) {problem}"
            )
        self._secret = secret.encode()
        self.trusted_proxies = parse_trusted_proxies(trusted_proxies)

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> ClientIdentity:
        """From a channel's ``client_key_secret`` and ``trusted_proxies``."""
        values = credentials or {}
        secret = values.get("client_key_secret")
        return cls(secret if isinstance(secret, str) else "", values.get("trusted_proxies"))

    def key(self, channel: str, address: str) -> str:
        """The client id of ``address`` on ``channel``."""
        return client_key(self._secret, channel, address)

    def address_of(self, peer: str | None, forwarded_for: Sequence[str] = ()) -> str:
        """The network address of a request from ``peer`` (see :func:`client_address`)."""
        return client_address(peer, forwarded_for, self.trusted_proxies)

    def of_request(self, channel: str, request: Any) -> str:
        """The client id of a Sanic request (its peer and ``X-Forwarded-For``)."""
        headers = getattr(request, "headers", None)
        forwarded = list(headers.getall("x-forwarded-for", [])) if headers is not None else []
        return self.key(channel, self.address_of(getattr(request, "ip", None), forwarded))

    def of_environ(self, channel: str, environ: Mapping[str, Any]) -> str:
        """The client id of a socket.io connection's WSGI-like ``environ`` (engine.io's
        Sanic driver puts the request in it; others give ``REMOTE_ADDR``)."""
        request = environ.get("sanic.request")
        if request is not None:
            return self.of_request(channel, request)
        forwarded = environ.get("HTTP_X_FORWARDED_FOR")
        peer = environ.get("REMOTE_ADDR")
        return self.key(
            channel,
            self.address_of(
                peer if isinstance(peer, str) else None,
                [forwarded] if isinstance(forwarded, str) else [],
            ),
        )

    def of_user(self, channel: str, user_id: str) -> str:
        """The client id of a messaging platform's user (or private chat) id."""
        return self.key(channel, user_id)
