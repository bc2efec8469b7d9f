"""Tests of the port and slot notation."""

from __future__ import annotations

import pytest

from custom_components.ejoin.api import (
    PortRange,
    PortSelection,
    SlotAddress,
    format_number_ranges,
    is_valid_imei,
    sim_param_index,
)


@pytest.mark.parametrize(
    ("text", "port", "slot"),
    [
        ("3.02", 3, 2),
        ("3.2", 3, 2),
        ("3B", 3, 2),
        ("3b", 3, 2),
        (" 12 . 07 ", 12, 7),
        ("1.32", 1, 32),
        ("512.32", 512, 32),
        ("61A", 61, 1),
        ("32D", 32, 4),
        ("1Z", 1, 26),
    ],
)
def test_slot_address_parse(text: str, port: int, slot: int) -> None:
    assert SlotAddress.parse(text) == SlotAddress(port, slot)


@pytest.mark.parametrize("text", ["3", "", "A3", "3AA", "3.", ".2", "3.0", "0.1", "x"])
def test_slot_address_parse_errors(text: str) -> None:
    with pytest.raises(ValueError, match=r"slot address|must be 1 or more"):
        SlotAddress.parse(text)


def test_slot_address_parse_type_errors() -> None:
    with pytest.raises(TypeError):
        SlotAddress.parse(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        SlotAddress.parse_lenient(True)  # noqa: FBT003


def test_slot_address_forms() -> None:
    address = SlotAddress(3, 2)
    assert str(address) == "3.02"
    assert address.letter_form == "3B"
    assert address.slot_letter == "B"
    assert SlotAddress.parse(address) == address
    assert str(SlotAddress(1, 32)) == "1.32"
    assert str(SlotAddress(10, 100)) == "10.100"
    # No letters past Z: the dot form is used instead.
    assert SlotAddress(1, 27).letter_form == "1.27"
    assert SlotAddress(1, 27).slot_letter is None
    assert SlotAddress(4, 26).letter_form == "4Z"


def test_slot_address_order_and_validation() -> None:
    assert sorted([SlotAddress(2, 1), SlotAddress(1, 2), SlotAddress(1, 1)]) == [
        SlotAddress(1, 1),
        SlotAddress(1, 2),
        SlotAddress(2, 1),
    ]
    with pytest.raises(ValueError, match="Port number"):
        SlotAddress(0, 1)
    with pytest.raises(ValueError, match="Slot number"):
        SlotAddress(1, 0)


def test_slot_address_parse_lenient() -> None:
    assert SlotAddress.parse_lenient("7") == SlotAddress(7, 1)
    assert SlotAddress.parse_lenient(7) == SlotAddress(7, 1)
    assert SlotAddress.parse_lenient("7C") == SlotAddress(7, 3)


@pytest.mark.parametrize(
    ("value", "command"),
    [
        ("3.02", "3B"),
        ("3B", "3B"),
        ("3", "3"),
        ("1-4", "1-4"),
        ("4-32", "4-32"),
        ("1,2,5-8", "1,2,5-8"),
        ("1A,2B", "1A,2B"),
        ("1A,2B,3C,4-32", "1A,2B,3C,4-32"),
        ("1.27", "1.27"),
        ("all", "all"),
        ("ALL", "all"),
        ("*", "all"),
        (["1", "2.02"], "1,2B"),
        (("1-2", 5, SlotAddress(6, 1)), "1-2,5,6A"),
        (["1", "all"], "all"),
        (PortRange(3, 4), "3-4"),
        (7, "7"),
        ("1.01-1.03", "1A,1B,1C"),
        ("2a-2b,5", "2A,2B,5"),
    ],
)
def test_port_selection_parse(value: object, command: str) -> None:
    selection = PortSelection.parse(value)  # type: ignore[arg-type]
    assert selection.to_command() == command
    assert str(selection) == command
    assert PortSelection.parse(selection) == selection


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty element"),
        ("1,,2", "empty element"),
        ("4-2", "end is lower"),
        ("x", "Invalid port selection element"),
        ("1-2-3", "Invalid range"),
        ("1A-x", "Invalid range"),
        ("1.01-2.01", "within one port"),
        ("1D-1A", "end is lower"),
        ("0", "must be 1 or more"),
        ([], "Empty port selection"),
    ],
)
def test_port_selection_errors(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PortSelection.parse(value)  # type: ignore[arg-type]


def test_port_selection_type_errors() -> None:
    with pytest.raises(TypeError):
        PortSelection.parse(True)  # noqa: FBT003
    with pytest.raises(TypeError):
        PortSelection.parse(1.5)  # type: ignore[arg-type]


def test_port_selection_expansion() -> None:
    selection = PortSelection.parse("1A,2,4-5")
    assert selection.has_slots
    assert selection.ports(8) == (1, 2, 4, 5)
    assert selection.slots(8, 2) == (
        SlotAddress(1, 1),
        SlotAddress(2, 1),
        SlotAddress(2, 2),
        SlotAddress(4, 1),
        SlotAddress(4, 2),
        SlotAddress(5, 1),
        SlotAddress(5, 2),
    )
    assert selection.to_port_command() == "1-2,4-5"
    everything = PortSelection.all_ports()
    assert everything.is_all
    assert not everything.has_slots
    assert everything.ports(3) == (1, 2, 3)
    assert len(everything.slots(512, 32)) == 512 * 32
    assert everything.to_port_command() == "all"


def test_port_selection_expansion_errors() -> None:
    with pytest.raises(
        ValueError, match=r"Port 9 does not exist: the gateway has ports 1-8"
    ):
        PortSelection.parse("9").ports(8)
    with pytest.raises(ValueError, match="Port 9 does not exist"):
        PortSelection.parse("1-9").slots(8, 4)
    with pytest.raises(ValueError, match="Port 9 does not exist"):
        PortSelection.parse("9A").slots(8, 4)
    with pytest.raises(
        ValueError, match=r"Slot 1.05 does not exist: the gateway has 4 slots"
    ):
        PortSelection.parse("1.05").slots(8, 4)
    with pytest.raises(ValueError, match="1 slot per port"):
        PortSelection.parse("1B").slots(8, 1)
    with pytest.raises(ValueError, match="Invalid port count"):
        PortSelection.parse("1").ports(0)
    with pytest.raises(ValueError, match="Invalid port count"):
        PortSelection.parse("1").slots(0, 1)
    with pytest.raises(ValueError, match="Invalid slot count"):
        PortSelection.parse("1").slots(1, 0)
    with pytest.raises(ValueError, match="Invalid port range"):
        PortRange(3, 2)
    with pytest.raises(ValueError, match="1 or more"):
        PortRange(0, 2)


@pytest.mark.parametrize(
    ("address", "slots_per_port", "index"),
    [
        ("6B", 4, 21),
        ("13D", 4, 51),
        ("25.01", 8, 192),
        ("25.05", 8, 196),
        ("22A", 1, 21),
        ("1.01", 32, 0),
        ("8.32", 32, 255),
    ],
)
def test_sim_param_index(address: str, slots_per_port: int, index: int) -> None:
    assert sim_param_index(SlotAddress.parse(address), slots_per_port) == index


def test_sim_param_index_errors() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        sim_param_index(SlotAddress(1, 5), 4)
    with pytest.raises(ValueError, match="Invalid slot count"):
        sim_param_index(SlotAddress(1, 1), 0)


def test_format_number_ranges() -> None:
    assert format_number_ranges([5, 1, 2, 3, 3]) == "1-3,5"
    assert format_number_ranges([4]) == "4"
    assert format_number_ranges([1, 3, 4, 6]) == "1,3-4,6"
    with pytest.raises(ValueError, match="No numbers"):
        format_number_ranges([])


@pytest.mark.parametrize(
    ("imei", "valid"),
    [
        ("865847053403202", False),
        ("490154203237518", True),
        ("356938035643809", True),
        ("356938035643808", False),
        ("35693803564380", False),
        ("35693803564380a", False),
        ("".join(chr(0xFF10 + int(d)) for d in "356938035643809"), False),
    ],
)
def test_is_valid_imei(imei: str, valid: bool) -> None:
    assert is_valid_imei(imei) is valid
