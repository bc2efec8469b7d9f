"""Port notation of the emulator (written from the document, not the client)."""

from __future__ import annotations

import pytest

from emulator.notation import (
    NotationError,
    PortRef,
    expand_slots,
    format_slot,
    parse_ports,
    slot_index,
    slot_letter,
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1.01", [PortRef(1, 1)]),
        ("1.1", [PortRef(1, 1)]),
        ("3.04", [PortRef(3, 4)]),
        ("1A", [PortRef(1, 1)]),
        ("2b", [PortRef(2, 2)]),
        ("5", [PortRef(5)]),
        ("4-6", [PortRef(4), PortRef(5), PortRef(6)]),
        ("1A,2B,5-6", [PortRef(1, 1), PortRef(2, 2), PortRef(5), PortRef(6)]),
        (" 1A , 1A ", [PortRef(1, 1)]),
        ("1.03-2.02", [PortRef(1, 3), PortRef(1, 4), PortRef(2, 1), PortRef(2, 2)]),
        ("1C-1D", [PortRef(1, 3), PortRef(1, 4)]),
        ("all", [PortRef(port) for port in range(1, 9)]),
        ("*", [PortRef(port) for port in range(1, 9)]),
        ("ALL", [PortRef(port) for port in range(1, 9)]),
    ],
)
def test_parse(spec: str, expected: list[PortRef]) -> None:
    assert parse_ports(spec, 8, 4) == expected


@pytest.mark.parametrize(
    "spec", ["", " , ", "0", "9", "1.05", "1E", "abc", "3-1", "1-1A", "1.0", "1.2.3"]
)
def test_parse_errors(spec: str) -> None:
    with pytest.raises(NotationError):
        parse_ports(spec, 8, 4)


def test_large_gateways() -> None:
    assert parse_ports("512", 512, 1) == [PortRef(512)]
    assert parse_ports("1.32", 8, 32) == [PortRef(1, 32)]
    assert parse_ports("8Z", 8, 32) == [PortRef(8, 26)]
    assert len(parse_ports("*", 512, 32)) == 512


def test_format_and_letters() -> None:
    assert format_slot(1, 1) == "1.01"
    assert format_slot(12, 32) == "12.32"
    assert format_slot(2, 2, "letter") == "2B"
    assert format_slot(2, 27, "letter") == "2.27"  # no letter beyond Z
    assert slot_letter(26) == "Z"
    with pytest.raises(NotationError):
        slot_letter(27)


@pytest.mark.parametrize(
    ("port", "slot", "slots", "index"),
    [(6, 2, 4, 21), (13, 4, 4, 51), (25, 1, 8, 192), (25, 5, 8, 196), (1, 1, 1, 0)],
)
def test_slot_index_matches_the_document(
    port: int, slot: int, slots: int, index: int
) -> None:
    assert slot_index(port, slot, slots) == index


def test_expand_slots() -> None:
    refs = parse_ports("2,1B,2C", 4, 3)
    assert expand_slots(refs, 3) == [(2, 1), (2, 2), (2, 3), (1, 2)]
