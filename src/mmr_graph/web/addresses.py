"""The private-address guard: a URL from a list, a graph or a redirect may only reach a public address.

The check runs after name resolution, on the addresses the connection will actually use (the transport
connects to the checked address itself, so a name cannot resolve to one address for the check and
another for the connection), and again on every redirect hop. Refused: loopback, private (RFC 1918,
unique-local ``fc00::/7``), shared (``100.64/10``), link-local, multicast, unspecified, reserved and
documentation ranges, and IPv6 forms that carry such an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``,
6to4, NAT64 ``64:ff9b::/96``, Teredo).

Endpoints that the user names on the command line (``--endpoint``, API base URLs) are *trusted*: the
guard is not applied to them, only to the hops a redirect sends elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from mmr_graph.web.errors import Blocked, NameNotFound, Timeout

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# one resolved address: (family, sockaddr) as socket.getaddrinfo gives them
Resolved = tuple[socket.AddressFamily, tuple[str, int] | tuple[str, int, int, int]]
Resolver = Callable[[str, int], list[Resolved]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` is a globally routable unicast address (and embeds no address that is not)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
        if address.teredo is not None:
            return all(is_public(part) for part in address.teredo)
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def system_resolver(host: str, port: int) -> list[Resolved]:
    """Every TCP address of ``host`` (raises ``socket.gaierror``)."""
    return [
        (family, sockaddr)  # type: ignore[misc] # SOCK_STREAM gives IPv4/IPv6 addresses only
        for family, _, _, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if family in (socket.AF_INET, socket.AF_INET6)
    ]


@dataclass(frozen=True)
class AddressGuard:
    """Which addresses requests may connect to.

    ``allow_private`` turns the guard off (``check-links --allow-private``). ``exempt`` lets tests treat
    some local servers as public: a predicate on (address, port), false by default and never set by the
    CLI. ``resolver`` replaces the system resolver (tests)."""

    allow_private: bool = False
    exempt: Callable[[IPAddress, int], bool] | None = None
    resolver: Resolver = field(default=system_resolver)

    def permits(self, address: IPAddress, port: int) -> bool:
        if self.allow_private or is_public(address):
            return True
        return self.exempt is not None and self.exempt(address, port)

    def addresses(self, host: str, port: int, timeout: float, *, guarded: bool) -> list[Resolved]:
        """The addresses to connect to for ``host:port``: resolved within ``timeout`` seconds and, when
        ``guarded``, only those the guard permits (:class:`Blocked` if none)."""
        literal = _literal(host)
        if literal is not None:
            family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
            sockaddr: tuple[str, int] | tuple[str, int, int, int] = (
                (str(literal), port, 0, 0) if literal.version == 6 else (str(literal), port)
            )
            found: list[Resolved] = [(family, sockaddr)]
        else:
            found = _resolve_within(self.resolver, host, port, timeout)
        if not guarded:
            return found
        allowed = [item for item in found if self.permits(ipaddress.ip_address(item[1][0]), port)]
        if not allowed:
            shown = host if literal is not None else f"{host} ({found[0][1][0]})"
            raise Blocked(f"{shown} is not a public address")
        return allowed


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _resolve_within(resolver: Resolver, host: str, port: int, timeout: float) -> list[Resolved]:
    """``resolver(host, port)`` in a helper thread, given up after ``timeout`` seconds (the system's
    resolver has no timeout of its own that a caller can set)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["found"] = resolver(host, port)
        except (OSError, UnicodeError) as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, name="resolve", daemon=True)
    thread.start()
    thread.join(max(0.0, timeout))
    if thread.is_alive():
        raise Timeout(f"looking up {host} took longer than {timeout:.3g} s", transient=False)
    found = box.get("found")
    if not isinstance(found, list) or not found:
        raise NameNotFound(f"host not found: {host}")
    return found
