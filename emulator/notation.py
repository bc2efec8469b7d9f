"""Ejoin port notation, written from the v2.1.0 document and the field notes.

Accepted forms (all case-insensitive):

* ``1.01`` / ``1.1`` -- port 1, slot 1 (dotted, slot in one or two digits);
* ``1A`` -- port 1, slot A (letter = slot number, ``A`` = 1 ... ``Z`` = 26);
* ``1`` -- the whole port 1;
* ranges ``4-32`` (ports) or ``1.01-2.04`` / ``1A-2D`` (slots, in device order);
* comma lists of all of the above: ``1A,2B,5-8``;
* ``all`` and ``*`` -- every port.

Letters only reach slot 26: gateways with up to 32 slots exist, so slots 27-32 can
only be written in the dotted form; :func:`format_slot` falls back to it there.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

__all__ = [
    "NotationError",
    "PortRef",
    "expand_slots",
    "format_slot",
    "parse_ports",
    "slot_index",
    "slot_letter",
]

_DOTTED = re.compile(r"^(\d{1,3})\.(\d{1,2})$")
_LETTER = re.compile(r"^(\d{1,3})([A-Za-z])$")
_BARE = re.compile(r"^(\d{1,3})$")


class NotationError(ValueError):
    """A port specification that does not parse or names a port/slot out of range."""


@dataclass(frozen=True, slots=True, order=True)
class PortRef:
    """One parsed item: a whole port (``slot is None``) or one SIM slot."""

    port: int
    slot: int | None = None


def slot_letter(slot: int) -> str:
    """Return the letter of ``slot`` (1 -> ``A``); only slots 1-26 have one."""
    if not 1 <= slot <= 26:
        raise NotationError(f"slot {slot} has no letter")
    return chr(ord("A") + slot - 1)


def format_slot(port: int, slot: int, style: str = "dotted") -> str:
    """Format a slot address: ``dotted`` -> ``1.01``, ``letter`` -> ``1A``."""
    if style == "letter" and 1 <= slot <= 26:
        return f"{port}{slot_letter(slot)}"
    return f"{port}.{slot:02d}"


def slot_index(port: int, slot: int, slots_per_port: int) -> int:
    """Return ``n`` of per-slot parameters: ``(port - 1) * slots + (slot - 1)``."""
    return (port - 1) * slots_per_port + (slot - 1)


def _parse_item(token: str, ports: int, slots: int) -> PortRef:
    """Parse one item without ranges or lists."""
    if match := _DOTTED.match(token):
        ref = PortRef(int(match.group(1)), int(match.group(2)))
    elif match := _LETTER.match(token):
        ref = PortRef(int(match.group(1)), ord(match.group(2).upper()) - ord("A") + 1)
    elif match := _BARE.match(token):
        ref = PortRef(int(match.group(1)))
    else:
        raise NotationError(f"cannot parse port {token!r}")
    if not 1 <= ref.port <= ports:
        raise NotationError(f"port {ref.port} out of range 1-{ports}")
    if ref.slot is not None and not 1 <= ref.slot <= slots:
        raise NotationError(f"slot {ref.slot} out of range 1-{slots}")
    return ref


def parse_ports(spec: str, ports: int, slots: int) -> list[PortRef]:
    """Parse a port specification into an ordered, de-duplicated list of refs.

    Raises :class:`NotationError` for empty or malformed input.
    """
    result: list[PortRef] = []
    for raw in spec.split(","):
        token = raw.strip()
        if not token:
            continue
        if token.lower() in {"all", "*"}:
            result.extend(PortRef(port) for port in range(1, ports + 1))
            continue
        if "-" in token:
            first_raw, _, last_raw = token.partition("-")
            first = _parse_item(first_raw.strip(), ports, slots)
            last = _parse_item(last_raw.strip(), ports, slots)
            if (first.slot is None) != (last.slot is None):
                raise NotationError(f"mixed range {token!r}")
            if first.slot is None or last.slot is None:
                if first.port > last.port:
                    raise NotationError(f"descending range {token!r}")
                result.extend(PortRef(p) for p in range(first.port, last.port + 1))
                continue
            start = slot_index(first.port, first.slot, slots)
            end = slot_index(last.port, last.slot, slots)
            if start > end:
                raise NotationError(f"descending range {token!r}")
            result.extend(
                PortRef(n // slots + 1, n % slots + 1) for n in range(start, end + 1)
            )
            continue
        result.append(_parse_item(token, ports, slots))
    if not result:
        raise NotationError("empty port specification")
    return list(dict.fromkeys(result))


def expand_slots(refs: list[PortRef], slots: int) -> list[tuple[int, int]]:
    """Expand refs to ``(port, slot)`` pairs; a whole port means all its slots."""
    pairs: list[tuple[int, int]] = []
    for ref in refs:
        if ref.slot is None:
            pairs.extend((ref.port, slot) for slot in range(1, slots + 1))
        else:
            pairs.append((ref.port, ref.slot))
    return list(dict.fromkeys(pairs))
