"""Who is calling: the connection's address, or the one a trusted reverse proxy reports.

Behind a reverse proxy (an Ingress controller, a load balancer) every connection comes from
the proxy, so per-address rate limits would put every anonymous caller in one bucket. The
proxy says who its caller was in ``Forwarded`` (RFC 7239) or ``X-Forwarded-For``; anyone
can send those headers, so they are believed only from a peer in
``BLP_GATEWAY_TRUSTED_PROXIES``. The chain is read from the right (the hop nearest the
gateway) and every further trusted proxy in it is skipped: the first address that is not a
trusted proxy is the caller. A hop that is no address (``unknown``, an obfuscated
``_identifier``) ends the walk at the last proxy that was trusted.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_CACHE_LIMIT = 10_000


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """``10.0.0.0/8``, ``192.0.2.7``, ``2001:db8::/32``...; a ValueError names a bad one."""
    networks = []
    for entry in entries:
        entry = entry.strip()
        if entry:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ValueError(f"not an IP address or CIDR network: {entry!r}") from None
    return tuple(networks)


def _host(hop: str) -> str:
    """The address of one hop, without quotes, brackets or port (RFC 7239 §6)."""
    hop = hop.strip().strip('"')
    if hop.startswith("["):  # "[2001:db8::17]:4711"
        return hop[1 : hop.find("]")] if "]" in hop else ""
    if hop.count(":") == 1:  # "192.0.2.43:47011"
        return hop.split(":", 1)[0]
    return hop


def forwarded_for(headers: Sequence[tuple[bytes, bytes]]) -> list[str]:
    """The ``for=`` hops of every ``Forwarded`` header, else those of ``X-Forwarded-For``,
    from the original client to the last proxy."""
    forwarded: list[str] = []
    legacy: list[str] = []
    for name, value in headers:
        if name == b"forwarded":
            for element in value.decode("latin-1").split(","):
                for pair in element.split(";"):
                    key, _, hop = pair.partition("=")
                    if key.strip().lower() == "for":
                        forwarded.append(_host(hop))
        elif name == b"x-forwarded-for":
            legacy += [_host(hop) for hop in value.decode("latin-1").split(",")]
    return forwarded or legacy


class TrustedProxies:
    """The reverse proxies whose forwarding headers are believed (empty: none are)."""

    def __init__(self, networks: Iterable[Network]) -> None:
        self.networks = tuple(networks)
        self._trusted: dict[str, bool] = {}  # address -> verdict, so a hot peer parses once

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, address: str) -> bool:
        verdict = self._trusted.get(address)
        if verdict is None:
            try:
                ip = ipaddress.ip_address(address)
            except ValueError:
                verdict = False
            else:
                verdict = any(ip in network for network in self.networks)
            if len(self._trusted) >= _CACHE_LIMIT:
                self._trusted.clear()
            self._trusted[address] = verdict
        return verdict

    def client_address(
        self, peer: str | None, headers: Sequence[tuple[bytes, bytes]]
    ) -> str | None:
        """The caller's address: ``peer`` itself unless ``peer`` is a trusted proxy."""
        if peer is None or not self.trusts(peer):
            return peer
        address = peer
        for hop in reversed(forwarded_for(headers)):
            try:
                address = str(ipaddress.ip_address(hop))
            except ValueError:
                break  # "unknown" or garbage: keep the last proxy we trust
            if not self.trusts(address):
                break
        return address
