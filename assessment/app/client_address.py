"""Which client is this? The address used to throttle join-code guessing, proxy-aware.

Behind a reverse proxy every connection comes from the proxy, so all clients would share one
throttling bucket (one guesser locks everybody out). The proxy names the real client in
`X-Forwarded-For`, but anybody can send that header: it is believed only when the connection
comes from a proxy listed in `READINESS_TRUSTED_PROXIES` (comma-separated addresses or networks,
e.g. `127.0.0.1,10.0.0.0/8`; empty by default: no proxy trusted, the header ignored).

The header is read from the right (the address the nearest proxy saw) past every trusted proxy;
the first untrusted hop is the client. Pure functions: no Streamlit, no I/O beyond the
environment mapping handed to `trusted_from_env`.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence

TRUSTED_PROXIES_ENV = "READINESS_TRUSTED_PROXIES"
UNKNOWN = "ip:unknown"
LOOPBACK = "127.0.0.1"  # Streamlit reports a loopback peer as None: it is this machine

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxiesError(ValueError):
    """The trusted-proxy setting names something that is not an address or network."""


def parse_trusted_proxies(setting: str) -> tuple[Network, ...]:
    """`"127.0.0.1, 10.0.0.0/8"` -> networks; empty -> none. A bad entry raises, naming it."""
    networks: list[Network] = []
    for item in setting.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise TrustedProxiesError(
                f"{TRUSTED_PROXIES_ENV}: {item!r} is not an IP address or network"
            ) from exc
    return tuple(networks)


def trusted_from_env(environ: Mapping[str, str] | None = None) -> tuple[Network, ...]:
    """The trusted proxies configured in the environment (none when unset)."""
    env = os.environ if environ is None else environ
    return parse_trusted_proxies(env.get(TRUSTED_PROXIES_ENV, ""))


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a peer or header entry: strips ports and brackets; None if not one."""
    if not text:
        return None
    value = text.strip().strip('"')
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 203.0.113.5:5123
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, trusted: Sequence[Network]
) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]
) -> str | None:
    """The client's address: the peer, or from X-Forwarded-For when the peer is trusted.

    `peer` is the connection's address as the app server reports it (None for this machine,
    which is how Streamlit reports a loopback peer). `forwarded_for` is the header's value
    (several headers joined with commas). Walking the header from the right, each trusted hop
    vouches for the one before it; the first untrusted hop is the client. When every hop is
    trusted the leftmost is taken; an entry that is not an address stops the walk (only an
    untrusted party writes one). Returns None when nothing usable is known.
    """
    peer_address = _address(peer) if peer else _address(LOOPBACK)
    if peer_address is None:
        return None
    client = None if peer is None else peer_address
    if forwarded_for and _trusted(peer_address, trusted):
        hops = [hop for hop in forwarded_for.split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break
            client = address
            if not _trusted(address, trusted):
                break
    return None if client is None else str(client)


def client_key(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network] = ()) -> str:
    """The throttling key for a request: `ip:<address>`, or one shared bucket when unknown."""
    address = client_address(peer, forwarded_for, trusted)
    return f"ip:{address}" if address else UNKNOWN
