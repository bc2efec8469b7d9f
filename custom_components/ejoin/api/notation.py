"""Port and SIM slot notation used by Ejoin gateways.

The gateways name a SIM position in several ways (field notes, doc sections 4 and 5):

* ``"3.02"``: port 3, slot 2, in status and inbox rows (slot may have one digit);
* ``"3B"``: port 3, slot B (A = 1) in commands;
* ``"3"``: the whole port 3 (for lock/unlock/reset);
* ranges ``"4-32"`` and lists ``"1A,2B,4-32"`` of ports, ``"all"`` and ``"*"``.

:class:`SlotAddress` is one SIM position, :class:`PortSelection` is any set of
ports and slots written in one of those forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
import re
from typing import Self

__all__ = [
    "PortRange",
    "PortSelection",
    "SelectionInput",
    "SlotAddress",
    "format_number_ranges",
    "is_valid_imei",
    "sim_param_index",
]

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DOT_RE = re.compile(r"^\s*(\d+)\s*\.\s*(\d+)\s*$")
_LETTER_RE = re.compile(r"^\s*(\d+)\s*([A-Za-z])\s*$")
_PORT_RE = re.compile(r"^\s*(\d+)\s*$")
_RANGE_RE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_ALL_WORDS = frozenset({"all", "*"})
#: Longest slot range expanded (``"1.01-1.32"`` has 32): real gateways have at
#: most 32 slots per port, and a typo like ``"1.01-1.99999999"`` must not expand
#: into millions of addresses.
MAX_SLOT_RANGE = 1024


@lru_cache(maxsize=32768)
def _dot_form(port: int, slot: int) -> str:
    """Return ``"3.02"``; cached: a burst of messages names the same few slots."""
    return f"{port}.{slot:02d}"


@dataclass(frozen=True, slots=True, order=True)
class SlotAddress:
    """One SIM slot of one port, both numbered from 1.

    ``str()`` gives the canonical form ``"3.02"`` (slot always at least two digits;
    ``"1.32"`` is a normal address on 32-slot gateways).
    """

    port: int
    slot: int

    def __post_init__(self) -> None:
        """Reject port or slot numbers below 1, or beyond 64 bits (no gateway's)."""
        if self.port < 1:
            raise ValueError(f"Port number must be 1 or more, got {self.port}")
        if self.slot < 1:
            raise ValueError(f"Slot number must be 1 or more, got {self.slot}")
        if max(self.port, self.slot) >= 2**63:
            raise ValueError("Port and slot numbers must fit in 64 bits")

    def __str__(self) -> str:
        """Return the canonical dot form, e.g. ``"3.02"``."""
        return _dot_form(self.port, self.slot)

    @property
    def letter_form(self) -> str:
        """Return the letter form used in commands, e.g. ``"3B"``.

        Letters exist only for slots 1-26 (A-Z). The document has no letter for slot
        27 and above (32-slot gateways exist), so those fall back to the dot form
        ``"3.27"``, which the gateways use in status rows and in the doc's own
        ``switch`` example (6.4.2).
        """
        if self.slot <= len(_LETTERS):
            return f"{self.port}{_LETTERS[self.slot - 1]}"
        return str(self)

    @property
    def slot_letter(self) -> str | None:
        """Return the slot letter (``"B"``), or None for slots above 26."""
        if self.slot <= len(_LETTERS):
            return _LETTERS[self.slot - 1]
        return None

    @classmethod
    def parse(cls, value: str | SlotAddress) -> Self:
        """Parse ``"3.02"``, ``"3.2"``, ``"3B"`` or ``"3b"``.

        A bare port number (``"3"``) is not a slot address and raises ValueError;
        use :meth:`parse_lenient` where a port without slot means its first slot.
        """
        if isinstance(value, SlotAddress):
            return cls(value.port, value.slot)
        if not isinstance(value, str):
            raise TypeError(
                f"Slot address must be a string, got {type(value).__name__}"
            )
        if match := _DOT_RE.match(value):
            return cls(int(match.group(1)), int(match.group(2)))
        if match := _LETTER_RE.match(value):
            return cls(int(match.group(1)), _LETTERS.index(match.group(2).upper()) + 1)
        raise ValueError(
            f"Invalid slot address {value!r}: expected a form like '3.02' or '3B'"
        )

    @classmethod
    def parse_lenient(cls, value: str | int) -> Self:
        """Parse a slot address, reading a bare port number as its slot 1.

        Single-slot gateways and old firmware report ``"port": "1"`` or ``port=1``
        without a slot; that is the port's only (first) slot.
        """
        if isinstance(value, bool):
            raise TypeError("A slot address cannot be a boolean")
        if isinstance(value, int):
            return cls(value, 1)
        if isinstance(value, str) and (match := _PORT_RE.match(value)):
            return cls(int(match.group(1)), 1)
        return cls.parse(value)


@dataclass(frozen=True, slots=True, order=True)
class PortRange:
    """A range of whole ports, ``first`` to ``last`` inclusive."""

    first: int
    last: int

    def __post_init__(self) -> None:
        """Reject empty or reversed ranges."""
        if self.first < 1:
            raise ValueError(f"Port number must be 1 or more, got {self.first}")
        if self.last < self.first:
            raise ValueError(f"Invalid port range {self.first}-{self.last}")

    def __str__(self) -> str:
        """Return ``"4"`` or ``"4-32"``."""
        if self.first == self.last:
            return str(self.first)
        return f"{self.first}-{self.last}"


type SelectionInput = (
    str
    | int
    | SlotAddress
    | PortRange
    | PortSelection
    | Iterable[str | int | SlotAddress | PortRange | PortSelection]
)


@dataclass(frozen=True, slots=True)
class PortSelection:
    """A set of whole ports and single slots, or every port (``"all"``).

    Build it with :meth:`parse` from any form the gateway uses, or with
    :meth:`all_ports`. ``items`` keeps the order given; expansions are sorted.
    """

    items: tuple[PortRange | SlotAddress, ...] = ()
    is_all: bool = False

    def __post_init__(self) -> None:
        """Reject a selection naming nothing."""
        if not self.is_all and not self.items:
            raise ValueError("Empty port selection")

    def __str__(self) -> str:
        """Return the device string, see :meth:`to_command`."""
        return self.to_command()

    @classmethod
    def all_ports(cls) -> Self:
        """Return the selection of every port (``"all"``)."""
        return cls(is_all=True)

    @classmethod
    def parse(cls, value: SelectionInput) -> Self:
        """Parse any port/slot notation, or a sequence of them.

        Accepted: ``"3.02"``, ``"3.2"``, ``"3B"``, ``"3"``, ``"1-4"``, ``"4-32"``,
        ``"1,2,5-8"``, ``"1A,2B"``, ``"all"``, ``"*"`` (case and blanks ignored),
        slot ranges within a port (``"1.01-1.04"``, ``"1A-1D"``, expanded),
        an int port, a :class:`SlotAddress`, a :class:`PortRange`, another
        selection, or an iterable of any of these (their union).

        Raises ValueError for bad syntax or an empty selection.
        """
        items: list[PortRange | SlotAddress] = []
        if cls._collect(value, items):
            return cls(is_all=True)
        return cls(tuple(items))

    @classmethod
    def _collect(cls, value: object, items: list[PortRange | SlotAddress]) -> bool:
        """Append the parts of ``value`` to ``items``; return True for "all"."""
        if isinstance(value, PortSelection):
            items.extend(value.items)
            return value.is_all
        if isinstance(value, SlotAddress | PortRange):
            items.append(value)
            return False
        if isinstance(value, bool):
            raise TypeError("A port selection cannot be a boolean")
        if isinstance(value, int):
            items.append(PortRange(value, value))
            return False
        if isinstance(value, str):
            return cls._collect_text(value, items)
        if isinstance(value, Iterable):
            is_all = False
            for part in value:
                is_all = cls._collect(part, items) or is_all
            return is_all
        raise TypeError(f"Cannot read a port selection from {type(value).__name__}")

    @staticmethod
    def _collect_text(text: str, items: list[PortRange | SlotAddress]) -> bool:
        """Parse one comma separated string into ``items``."""
        is_all = False
        for raw in text.split(","):
            part = raw.strip()
            if not part:
                raise ValueError(f"Invalid port selection {text!r}: empty element")
            if part.lower() in _ALL_WORDS:
                is_all = True
            elif match := _PORT_RE.match(part):
                port = int(match.group(1))
                items.append(PortRange(port, port))
            elif match := _RANGE_RE.match(part):
                first, last = int(match.group(1)), int(match.group(2))
                if last < first:
                    raise ValueError(
                        f"Invalid port range {part!r}: end is lower than start"
                    )
                items.append(PortRange(first, last))
            elif "-" in part:
                items.extend(_slot_range(part))
            else:
                try:
                    items.append(SlotAddress.parse(part))
                except ValueError:
                    raise ValueError(
                        f"Invalid port selection element {part!r}: expected a port "
                        "('3'), a range ('1-4'), a slot ('3.02' or '3B'), 'all' or '*'"
                    ) from None
        return is_all

    def to_command(self) -> str:
        """Return the string the gateway expects in commands and ``from`` fields.

        ``"all"`` stays ``"all"``; slots use the letter form (``"1A"``, as in the
        doc's command examples) and the dot form above slot 26; ports and ranges
        stay as they are (``"4-32"``).
        """
        if self.is_all:
            return "all"
        return ",".join(
            item.letter_form if isinstance(item, SlotAddress) else str(item)
            for item in self.items
        )

    def to_pattern(self) -> str:
        """Return the ``slots_pattern`` of API v3: ``"all"``, ``"1-3,5"``, ``"2.02"``.

        The v3 document's forms: ``n.a`` a slot, ``n`` / ``n-m`` / ``n,m`` whole
        ports; a slot takes the two-digit form of its examples (``1.01-32.01``).
        """
        if self.is_all:
            return "all"
        return ",".join(str(item) for item in self.items)

    def to_port_command(self) -> str:
        """Return a ports-only string (``"1-2,4"`` or ``"all"``).

        Slot elements contribute their port. Used by the statistics queries, which
        take port numbers only.
        """
        if self.is_all:
            return "all"
        # Merge the ranges without expanding them: "1-4000000000" stays short.
        spans = sorted(
            (item.port, item.port)
            if isinstance(item, SlotAddress)
            else (item.first, item.last)
            for item in self.items
        )
        merged: list[list[int]] = []
        for first, last in spans:
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        return ",".join(
            str(first) if first == last else f"{first}-{last}" for first, last in merged
        )

    @property
    def has_slots(self) -> bool:
        """Return True when some element names a single slot."""
        return any(isinstance(item, SlotAddress) for item in self.items)

    def ports(self, max_ports: int) -> tuple[int, ...]:
        """Return the sorted port numbers selected on a gateway of ``max_ports``.

        Raises ValueError naming the first port the gateway lacks.
        """
        if max_ports < 1:
            raise ValueError(f"Invalid port count {max_ports}")
        if self.is_all:
            return tuple(range(1, max_ports + 1))
        result: set[int] = set()
        for item in self.items:
            if isinstance(item, SlotAddress):
                first = last = item.port
            else:
                first, last = item.first, item.last
            if last > max_ports:
                raise ValueError(
                    f"Port {last} does not exist: the gateway has ports 1-{max_ports}"
                )
            result.update(range(first, last + 1))
        return tuple(sorted(result))

    def slots(self, max_ports: int, slots_per_port: int) -> tuple[SlotAddress, ...]:
        """Return the sorted slot addresses selected; a whole port means all slots.

        Raises ValueError naming the first port or slot the gateway lacks.
        """
        if slots_per_port < 1:
            raise ValueError(f"Invalid slot count {slots_per_port}")
        if max_ports < 1:
            raise ValueError(f"Invalid port count {max_ports}")
        result: set[SlotAddress] = set()
        whole_ports: list[int] = []
        if self.is_all:
            whole_ports.extend(range(1, max_ports + 1))
        for item in self.items:
            if isinstance(item, SlotAddress):
                _check_slot(item, max_ports, slots_per_port)
                result.add(item)
                continue
            if item.last > max_ports:
                raise ValueError(
                    f"Port {item.last} does not exist: the gateway has ports "
                    f"1-{max_ports}"
                )
            whole_ports.extend(range(item.first, item.last + 1))
        for port in set(whole_ports):
            result.update(
                SlotAddress(port, slot) for slot in range(1, slots_per_port + 1)
            )
        return tuple(sorted(result))


def _slot_range(part: str) -> list[SlotAddress]:
    """Expand a slot range within one port: ``"1.01-1.04"`` or ``"1A-1D"``.

    Not in the doc, but the forms combine naturally; a range across ports would
    need the gateway's slot count to expand, so it is refused.
    """
    first_text, _, last_text = part.partition("-")
    try:
        first = SlotAddress.parse(first_text)
        last = SlotAddress.parse(last_text)
    except ValueError:
        raise ValueError(
            f"Invalid range {part!r}: expected ports ('4-32') or slots of one "
            "port ('1.01-1.04', '1A-1D')"
        ) from None
    if first.port != last.port:
        raise ValueError(
            f"Invalid slot range {part!r}: a slot range must stay within one port"
        )
    if last.slot < first.slot:
        raise ValueError(f"Invalid slot range {part!r}: end is lower than start")
    if last.slot - first.slot >= MAX_SLOT_RANGE:
        raise ValueError(
            f"Invalid slot range {part!r}: more than {MAX_SLOT_RANGE} slots"
        )
    return [SlotAddress(first.port, slot) for slot in range(first.slot, last.slot + 1)]


def _check_slot(address: SlotAddress, max_ports: int, slots_per_port: int) -> None:
    """Raise ValueError if the gateway lacks ``address``."""
    if address.port > max_ports:
        raise ValueError(
            f"Port {address.port} does not exist: the gateway has ports 1-{max_ports}"
        )
    if address.slot > slots_per_port:
        raise ValueError(
            f"Slot {address} does not exist: the gateway has {slots_per_port} "
            f"slot{'s' if slots_per_port != 1 else ''} per port"
        )


def format_number_ranges(numbers: Iterable[int]) -> str:
    """Return ``"1-3,5"`` for ``[1, 2, 3, 5]`` (sorted, duplicates dropped)."""
    ordered = sorted(set(numbers))
    if not ordered:
        raise ValueError("No numbers to format")
    parts: list[str] = []
    start = prev = ordered[0]
    for number in ordered[1:]:
        if number == prev + 1:
            prev = number
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = number
    parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ",".join(parts)


def sim_param_index(address: SlotAddress, slots_per_port: int) -> int:
    """Return ``n`` of the per-slot parameters ``sim_imei(n)`` / ``sim_number(n)``.

    ``n = (port - 1) * slots_per_port + (slot - 1)`` (doc 6.4.3/6.4.4): 6B is 21
    and 13D is 51 with 4 slots; 25.01 is 192 and 25.05 is 196 with 8 slots.
    """
    if slots_per_port < 1:
        raise ValueError(f"Invalid slot count {slots_per_port}")
    if address.slot > slots_per_port:
        raise ValueError(
            f"Slot {address} does not exist: the gateway has {slots_per_port} "
            f"slot{'s' if slots_per_port != 1 else ''} per port"
        )
    return (address.port - 1) * slots_per_port + (address.slot - 1)


def is_valid_imei(imei: str) -> bool:
    """Return True for 15 digits whose last one is the Luhn check digit."""
    if len(imei) != 15 or not imei.isascii() or not imei.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(imei)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
