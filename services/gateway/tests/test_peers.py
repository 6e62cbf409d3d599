"""Reading the caller's address from a trusted proxy's forwarding headers (RFC 7239)."""

from __future__ import annotations

import pytest
from gateway.config import Settings
from gateway.peers import TrustedProxies, forwarded_for, parse_networks
from gateway.ratelimit import FailureLock
from pydantic import ValidationError

PROXIES = TrustedProxies(parse_networks(["10.0.0.0/8", "192.0.2.7", "2001:db8:ffff::/48"]))


@pytest.mark.parametrize(
    ("headers", "hops"),
    [
        ([(b"x-forwarded-for", b"203.0.113.1, 10.0.0.2")], ["203.0.113.1", "10.0.0.2"]),
        (
            [
                (
                    b"forwarded",
                    b'for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8::17]:4711"',
                )
            ],
            ["192.0.2.60", "2001:db8::17"],
        ),
        ([(b"forwarded", b'For="198.51.100.17:8080"')], ["198.51.100.17"]),
        ([(b"forwarded", b"for=a"), (b"forwarded", b"for=b")], ["a", "b"]),
        (  # Forwarded wins over the legacy header when both are sent
            [(b"x-forwarded-for", b"203.0.113.9"), (b"forwarded", b"for=198.51.100.1")],
            ["198.51.100.1"],
        ),
        ([(b"forwarded", b"proto=https")], []),
    ],
)
def test_hops_are_read_from_either_header(
    headers: list[tuple[bytes, bytes]], hops: list[str]
) -> None:
    assert forwarded_for(headers) == hops


@pytest.mark.parametrize(
    ("peer", "header", "caller"),
    [
        ("203.0.113.1", b"198.51.100.1", "203.0.113.1"),  # not a proxy: headers ignored
        ("10.1.2.3", b"198.51.100.1", "198.51.100.1"),
        ("10.1.2.3", b"6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own claim
        ("10.1.2.3", b"198.51.100.1, 192.0.2.7, 10.9.9.9", "198.51.100.1"),  # proxy chain
        ("10.1.2.3", b"unknown", "10.1.2.3"),
        ("10.1.2.3", b"198.51.100.1, _hidden", "10.1.2.3"),
        ("10.1.2.3", b"2001:DB8::1", "2001:db8::1"),  # one spelling, one bucket
        ("2001:db8:ffff::5", b"203.0.113.77", "203.0.113.77"),
        ("10.1.2.3", b"", "10.1.2.3"),
    ],
)
def test_the_caller_is_the_first_untrusted_hop_from_the_right(
    peer: str, header: bytes, caller: str
) -> None:
    assert PROXIES.client_address(peer, [(b"x-forwarded-for", header)]) == caller


def test_nobody_is_trusted_by_default() -> None:
    proxies = TrustedProxies(Settings(trusted_proxies="").proxy_networks())
    assert not proxies
    assert proxies.client_address("127.0.0.1", [(b"x-forwarded-for", b"1.2.3.4")]) == "127.0.0.1"


def test_a_bad_entry_fails_the_settings() -> None:
    with pytest.raises(ValidationError, match=r"10\.0\.0\.300"):
        Settings(trusted_proxies="127.0.0.1, 10.0.0.300")
    assert len(Settings(trusted_proxies="127.0.0.1,10.0.0.0/8, ::1").proxy_networks()) == 3


def test_failure_lock_memory_is_bounded_and_keeps_live_locks_first() -> None:
    lock = FailureLock(limit=1, window=60, lockout=60, max_keys=3)
    lock.failed("a")
    for key in ("b", "c", "d"):
        lock.failed(key)
    assert len(lock._failures) == 3
    assert lock.locked("d") > 0 and lock.locked("a") == 0  # the oldest went first
