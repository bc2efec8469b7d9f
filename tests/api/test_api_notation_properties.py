"""Property tests of the port notation: round trips, canonical forms, only ValueError."""

from __future__ import annotations

import re

from hypothesis import example, given, settings, strategies as st
import pytest

from custom_components.ejoin.api import (
    PortRange,
    PortSelection,
    SlotAddress,
    format_number_ranges,
    sim_param_index,
)
from custom_components.ejoin.api.notation import MAX_SLOT_RANGE
from tests.strategies import port_notations

PORTS = st.integers(min_value=1, max_value=10_000)
SLOTS = st.integers(min_value=1, max_value=200)
BLANKS = st.sampled_from(["", " ", "\t", "  "])
CANONICAL = re.compile(r"^[1-9]\d*\.\d{2,}$")
SETTINGS = settings(max_examples=200, deadline=None)


@SETTINGS
@given(PORTS, SLOTS)
def test_canonical_form_round_trip(port: int, slot: int) -> None:
    """``str()`` is ``<port>.<slot, two digits or more>`` and parses back."""
    address = SlotAddress(port, slot)
    text = str(address)
    assert CANONICAL.match(text)
    assert text == f"{port}.{slot:02d}"
    assert SlotAddress.parse(text) == address
    assert SlotAddress.parse_lenient(text) == address
    assert SlotAddress.parse(address) == address


@SETTINGS
@given(PORTS, SLOTS)
def test_letter_form_round_trip(port: int, slot: int) -> None:
    """The command form parses back to the same slot (dot form past Z)."""
    address = SlotAddress(port, slot)
    letter = address.letter_form
    assert SlotAddress.parse(letter) == address
    assert SlotAddress.parse(letter.lower()) == address
    if slot <= 26:
        assert letter == f"{port}{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[slot - 1]}"
        assert address.slot_letter == letter[-1]
    else:
        assert letter == str(address)
        assert address.slot_letter is None


@SETTINGS
@given(PORTS, SLOTS, st.tuples(BLANKS, BLANKS, BLANKS), st.integers(0, 3))
def test_other_spellings_give_the_canonical_form(
    port: int, slot: int, blanks: tuple[str, str, str], zeros: int
) -> None:
    """Blanks, unpadded or zero-padded slots: the same canonical address."""
    lead, middle, trail = blanks
    text = f"{lead}{port}{middle}.{middle}{'0' * zeros}{slot}{trail}"
    assert str(SlotAddress.parse(text)) == f"{port}.{slot:02d}"


@SETTINGS
@given(port_notations())
@example("1." + "1" * 5000)
@example("\u0663.\u0660\u0661")  # Arabic-Indic digits
@example("1.01-1.99999999")
def test_any_text_parses_or_raises_value_error(text: str) -> None:
    """Any string: a value, or ValueError; a parsed value is canonical and stable."""
    try:
        address = SlotAddress.parse(text)
    except ValueError:
        pass
    else:
        assert CANONICAL.match(str(address))
        assert SlotAddress.parse(str(address)) == address
    try:
        lenient = SlotAddress.parse_lenient(text)
    except ValueError:
        pass
    else:
        assert lenient.port >= 1
        assert lenient.slot >= 1
    try:
        selection = PortSelection.parse(text)
    except ValueError:
        return
    command = selection.to_command()
    again = PortSelection.parse(command)
    assert again == selection
    assert again.to_command() == command
    assert PortSelection.parse(selection.to_port_command()).has_slots is False


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.builds(SlotAddress, PORTS, SLOTS),
            st.builds(
                lambda first, size: PortRange(first, first + size),
                PORTS,
                st.integers(0, 50),
            ),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_selection_command_round_trip(
    items: list[SlotAddress | PortRange],
) -> None:
    """A selection written as a command parses back to the same items."""
    selection = PortSelection(tuple(items))
    assert PortSelection.parse(selection.to_command()) == selection
    assert PortSelection.parse(items) == selection
    ports = {
        port
        for item in items
        for port in (
            (item.port,)
            if isinstance(item, SlotAddress)
            else range(item.first, item.last + 1)
        )
    }
    assert selection.to_port_command() == format_number_ranges(ports)


@SETTINGS
@given(port_notations(), st.integers(1, 64), st.integers(1, 32))
def test_expansion_stays_on_the_gateway(
    text: str, max_ports: int, slots_per_port: int
) -> None:
    """Expanded ports and slots exist on the gateway, or ValueError names one."""
    try:
        selection = PortSelection.parse(text)
    except ValueError:
        return
    try:
        ports = selection.ports(max_ports)
    except ValueError as err:
        ports, error = (), str(err)
    else:
        error = "does not exist"
    assert "does not exist" in error
    assert list(ports) == sorted(set(ports))
    assert all(1 <= port <= max_ports for port in ports)
    try:
        slots = selection.slots(max_ports, slots_per_port)
    except ValueError as err:
        slots, error = (), str(err)
    assert "does not exist" in error
    assert list(slots) == sorted(set(slots))
    assert all(
        1 <= address.port <= max_ports and 1 <= address.slot <= slots_per_port
        for address in slots
    )


@SETTINGS
@given(st.sets(st.integers(1, 10**12), min_size=1, max_size=30))
def test_number_ranges_round_trip(numbers: set[int]) -> None:
    """``format_number_ranges`` reads back as the same ports, ranges ascending."""
    text = format_number_ranges(numbers)
    selection = PortSelection.parse(text)
    ranges = [item for item in selection.items if isinstance(item, PortRange)]
    assert len(ranges) == len(selection.items)
    assert {port for item in ranges for port in (item.first, item.last)} <= numbers
    assert sum(item.last - item.first + 1 for item in ranges) == len(numbers)
    assert ranges == sorted(ranges)


@SETTINGS
@given(st.integers(1, 512), st.integers(1, 32), st.integers(1, 32))
def test_sim_param_index_is_a_bijection(
    port: int, slot: int, slots_per_port: int
) -> None:
    """``n = (port-1)*slots + (slot-1)`` maps back to the same slot."""
    address = SlotAddress(port, slot)
    if slot > slots_per_port:
        with pytest.raises(ValueError, match="does not exist"):
            sim_param_index(address, slots_per_port)
        return
    index = sim_param_index(address, slots_per_port)
    assert divmod(index, slots_per_port) == (port - 1, slot - 1)


def test_huge_slot_ranges_are_refused() -> None:
    """A typo'd slot range is refused instead of expanding without end."""
    assert len(PortSelection.parse(f"1.01-1.{MAX_SLOT_RANGE}").items) == (
        MAX_SLOT_RANGE
    )
    with pytest.raises(ValueError, match="more than"):
        PortSelection.parse(f"1.01-1.{MAX_SLOT_RANGE + 1}")
    with pytest.raises(ValueError, match="more than"):
        PortSelection.parse("2.1-2.99999999999")


def test_huge_port_ranges_stay_ranges() -> None:
    """Whole-port ranges are never expanded to write a command."""
    selection = PortSelection.parse("1-4000000000000,7,3.02,4000000000001")
    assert selection.to_port_command() == "1-4000000000001"
    assert selection.to_command() == "1-4000000000000,7,3B,4000000000001"
