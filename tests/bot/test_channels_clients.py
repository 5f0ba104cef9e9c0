"""Tests of ``bot.channels.clients``: the client's address behind proxies (and the ways a
client tries to pass for another), the keyed client ids, the metadata stamp.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import hashlib
import hmac
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from bot.channels.clients import (
    CLIENT_METADATA_KEY,
    ClientIdentity,
    client_address,
    client_key,
    parse_address,
    parse_trusted_proxies,
    with_client,
)
from bot.channels.config import ChannelConfigurationError
from tests.bot.channel_harness import CLIENT_KEY_SECRET

PROXIES = parse_trusted_proxies("127.0.0.1/32, 10.0.0.0/8 2001:db8:ffff::/48")


# --- addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ('"203.0.113.9"', "203.0.113.9"),
    ],
)
def test_addresses_are_read_in_their_usual_forms(raw: str, expected: str) -> None:
    assert str(parse_address(raw)) == expected


@pytest.mark.parametrize("raw", ["", "unknown", "evil.example", "999.1.1.1", "[2001:db8::1", "_x"])
def test_what_is_not_an_address_is_none(raw: str) -> None:
    assert parse_address(raw) is None


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_address("198.51.100.7", [], ()) == "198.51.100.7"
    assert client_address("198.51.100.7", ["203.0.113.9"], ()) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client() -> None:
    assert client_address("127.0.0.1", ["203.0.113.9"], PROXIES) == "203.0.113.9"
    # Through two trusted hops: the right-most untrusted entry.
    assert client_address("10.0.0.2", ["203.0.113.9, 10.0.0.1"], PROXIES) == "203.0.113.9"
    # Several headers are one list, in order.
    assert client_address("10.0.0.2", ["203.0.113.9", "10.0.0.1"], PROXIES) == "203.0.113.9"


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # A client that writes the header itself, straight to the server: ignored.
        ("198.51.100.7", ["203.0.113.9"], "198.51.100.7"),
        ("198.51.100.7", ["127.0.0.1"], "198.51.100.7"),
        # Through the trusted proxy, which appends the real peer: the forged entries stand
        # to the left of it and are never reached.
        ("127.0.0.1", ["203.0.113.9, 198.51.100.7"], "198.51.100.7"),
        ("127.0.0.1", ["10.0.0.1, 198.51.100.7"], "198.51.100.7"),
        ("127.0.0.1", ["203.0.113.9", "198.51.100.7"], "198.51.100.7"),
        # Junk forwarded by a trusted hop ends the walk at that hop.
        ("127.0.0.1", ["not-an-address"], "127.0.0.1"),
        ("10.0.0.2", ["203.0.113.9, garbage"], "10.0.0.2"),
        # Empty entries are skipped; a header of only proxies gives the left-most proxy.
        ("127.0.0.1", [" , 198.51.100.7, "], "198.51.100.7"),
        ("127.0.0.1", ["10.0.0.1"], "10.0.0.1"),
        # The peer itself is not an address (a Unix socket): one shared client.
        ("", ["203.0.113.9"], "unknown"),
    ],
)
def test_x_forwarded_for_cannot_be_spoofed(peer: str, forwarded: list[str], expected: str) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


def test_ipv6_clients_count_by_their_64_network() -> None:
    one = client_address("2001:db8:1:2::10", [], PROXIES)
    other = client_address("2001:db8:1:2:ffff::99", [], PROXIES)
    assert one == other == "2001:db8:1:2::/64"
    assert client_address("2001:db8:1:3::10", [], PROXIES) != one
    # An IPv6 proxy in the trusted /48.
    assert client_address("2001:db8:ffff::1", ["198.51.100.7"], PROXIES) == "198.51.100.7"


@pytest.mark.parametrize("raw", ["10.0.0.0/33", "proxy.example", "10.0.0.0/8 nonsense"])
def test_malformed_trusted_proxies_stop_the_server(raw: str) -> None:
    with pytest.raises(ChannelConfigurationError, match="SHOPBOT_TRUSTED_PROXIES"):
        parse_trusted_proxies(raw)


# --- client ids ---------------------------------------------------------------------


def test_the_client_id_is_a_keyed_hash_of_channel_and_address() -> None:
    expected = hmac.new(
        CLIENT_KEY_SECRET.encode(), b"socketio:203.0.113.9", hashlib.sha256
    ).hexdigest()[:32]
    assert client_key(CLIENT_KEY_SECRET.encode(), "socketio", "203.0.113.9") == expected
    identity = ClientIdentity(CLIENT_KEY_SECRET)
    assert identity.key("socketio", "203.0.113.9") == expected
    assert identity.key("rest", "203.0.113.9") != expected  # each channel its own ids
    other = ClientIdentity(CLIENT_KEY_SECRET[::-1])
    assert other.key("socketio", "203.0.113.9") != expected  # not guessable without the key
    # Not the unsalted hash an attacker could compute from a phone number.
    assert expected != hashlib.sha256(b"twilio:+15551234567").hexdigest()[:32]


@pytest.mark.parametrize("secret", ["", "short-secret", "changeme" * 5, "a" * 40])
def test_a_weak_secret_stops_the_server_without_being_echoed(secret: str) -> None:
    with pytest.raises(ChannelConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET") as error:
        ClientIdentity(secret)
    if secret:
        assert secret not in str(error.value)


def _request(peer: str, *forwarded: str) -> Any:
    class Headers(dict[str, Any]):
        def getall(self, name: str, default: list[str]) -> list[str]:
            return list(forwarded) if name == "x-forwarded-for" and forwarded else default

    return SimpleNamespace(ip=peer, headers=Headers())


def test_requests_and_environs_give_the_same_ids() -> None:
    identity = ClientIdentity(CLIENT_KEY_SECRET, "127.0.0.1")
    direct = identity.key("rest", "203.0.113.9")
    assert identity.of_request("rest", _request("127.0.0.1", "203.0.113.9")) == direct
    assert identity.of_request("rest", _request("203.0.113.9", "198.51.100.1")) == direct
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert identity.of_environ("rest", environ) == direct
    wrapped = {"REMOTE_ADDR": "127.0.0.1", "sanic.request": _request("127.0.0.1", "203.0.113.9")}
    assert identity.of_environ("rest", wrapped) == direct
    assert identity.of_user("telegram", "4242") == identity.key("telegram", "4242")


def test_the_stamp_replaces_what_the_sender_claimed() -> None:
    claimed = {CLIENT_METADATA_KEY: "someone-else", "page": "/boots"}
    stamped = with_client(claimed, "abc")
    assert stamped == {CLIENT_METADATA_KEY: "abc", "page": "/boots"}
    assert claimed[CLIENT_METADATA_KEY] == "someone-else"  # a copy
    assert with_client(None, "abc") == {CLIENT_METADATA_KEY: "abc"}
