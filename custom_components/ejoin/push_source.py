"""Which addresses may push to a gateway's webhook.

A push carries one secret, the webhook id in its URL (the gateway cannot add
headers), and carries it over plain HTTP: a device that sees one push on the
network can send forged ones. So a push must also come from the gateway's
address when that is known: the entry's host, or what its name resolves to (again,
at most once a minute, when a push from elsewhere arrives: DHCP may have moved
it). Behind NAT or a proxy pushes come from another address: the options list the
allowed addresses and networks, or turn the check off.

A refused push is answered 403 before its body is read, so the gateway counts it
as failed; repeated refusals raise one repair issue (until the entry is set up
again) instead of a log line each. A source address can be forged too, though a
forged TCP connection is harder: this check narrows who can push, the webhook
id's secrecy stays what protects it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
import socket
import time
from typing import TYPE_CHECKING, Final

from homeassistant.const import CONF_HOST
from homeassistant.core import callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util.hass_dict import HassKey

from .const import (
    CONF_PUSH_SOURCE_CHECK,
    CONF_PUSH_SOURCES,
    DEFAULT_PUSH_SOURCE_CHECK,
    DOMAIN,
    LOGGER,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from ipaddress import IPv4Network, IPv6Network

    from homeassistant.core import HomeAssistant

    from .data import EjoinConfigEntry

type Address = IPv4Address | IPv6Address
type Network = IPv4Network | IPv6Network

ISSUE_PUSH_SOURCE: Final = "push_source_refused"
#: Refused pushes that raise the repair issue.
REFUSALS_FOR_ISSUE: Final = 3
#: Seconds before a host name is resolved again for a push from elsewhere.
RESOLVE_INTERVAL: Final = 60.0
#: Seconds one resolution may take.
RESOLVE_TIMEOUT: Final = 5.0

DATA_PUSH_SOURCES: Final[HassKey[dict[str, PushSources]]] = HassKey(
    f"{DOMAIN}_push_sources"
)


@dataclass(slots=True)
class PushSources:
    """Where one entry's gateway pushes from, and the pushes refused so far."""

    host: str
    #: The gateway's addresses; empty while unknown.
    gateway: frozenset[Address] = frozenset()
    resolved_at: float | None = None
    refused: int = 0


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Return the networks of addresses or CIDR ranges; ValueError for others."""
    return [ip_network(value.strip(), strict=False) for value in values]


def issue_id(entry: EjoinConfigEntry) -> str:
    """Return the id of the entry's repair issue."""
    return f"{ISSUE_PUSH_SOURCE}_{entry.entry_id}"


async def async_source_allowed(
    hass: HomeAssistant, entry: EjoinConfigEntry, remote: str | None
) -> bool:
    """Return whether a push from ``remote`` may reach the entry's webhook.

    Yes when the check is off, when ``remote`` is in an allowed network or is the
    gateway's address, and when neither is known (a host name that does not
    resolve, no networks listed).
    """
    if not entry.options.get(CONF_PUSH_SOURCE_CHECK, DEFAULT_PUSH_SOURCE_CHECK):
        return True
    allowed = parse_networks(entry.options.get(CONF_PUSH_SOURCES, []))
    address = _address(remote)
    if address is not None and any(address in network for network in allowed):
        return True
    sources = _sources(hass, entry)
    if sources.resolved_at is None or (
        address not in sources.gateway
        and time.monotonic() - sources.resolved_at >= RESOLVE_INTERVAL
    ):
        await _async_resolve(hass, sources)
    if address in sources.gateway or not (sources.gateway or allowed):
        return True
    _refused(hass, entry, sources, remote, allowed)
    return False


@callback
def async_reset_push_sources(hass: HomeAssistant, entry: EjoinConfigEntry) -> None:
    """Start afresh (set-up, removal): resolve again, count anew, no issue."""
    hass.data.setdefault(DATA_PUSH_SOURCES, {}).pop(entry.entry_id, None)
    ir.async_delete_issue(hass, DOMAIN, issue_id(entry))


def _sources(hass: HomeAssistant, entry: EjoinConfigEntry) -> PushSources:
    """Return the entry's sources, new ones when its host changed."""
    known = hass.data.setdefault(DATA_PUSH_SOURCES, {})
    host: str = entry.data[CONF_HOST]
    sources = known.get(entry.entry_id)
    if sources is None or sources.host != host:
        sources = known[entry.entry_id] = PushSources(host)
    return sources


def _address(text: str | None) -> Address | None:
    """Return an address without scope, IPv4 for an IPv4-mapped IPv6 one."""
    if not text:
        return None
    try:
        address = ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


async def _async_resolve(hass: HomeAssistant, sources: PushSources) -> None:
    """Resolve the gateway's host; keep what was known when that fails."""
    sources.resolved_at = time.monotonic()
    if (literal := _address(sources.host)) is not None:
        sources.gateway = frozenset({literal})
        return
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT):
            infos = await hass.loop.getaddrinfo(
                sources.host, None, type=socket.SOCK_STREAM
            )
    except (OSError, TimeoutError, UnicodeError) as err:
        LOGGER.debug("Could not resolve %s: %s", sources.host, err)
        return
    resolved = {_address(str(info[4][0])) for info in infos}
    sources.gateway = frozenset(address for address in resolved if address)


def _refused(
    hass: HomeAssistant,
    entry: EjoinConfigEntry,
    sources: PushSources,
    remote: str | None,
    allowed: list[Network],
) -> None:
    """Count a refused push; the repair issue once they repeat."""
    sources.refused += 1
    expected = ", ".join(
        [str(address) for address in sorted(sources.gateway, key=str)]
        + [str(network) for network in allowed]
    )
    LOGGER.debug(
        "Refusing a push to %s from %s (expected %s)", entry.title, remote, expected
    )
    if sources.refused != REFUSALS_FOR_ISSUE:
        return
    LOGGER.warning(
        "Refused %s pushes to %s from addresses other than the gateway's;"
        " see the repair issue",
        sources.refused,
        entry.title,
    )
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_PUSH_SOURCE,
        translation_placeholders={
            "title": entry.title,
            "source": remote or "?",
            "expected": expected,
        },
    )
