"""The entity budget: a gateway of any size stays within Home Assistant's cap."""

from __future__ import annotations

from contextlib import asynccontextmanager
import logging
from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.device_registry import format_mac
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin import entity_budget
from custom_components.ejoin.api import Feature
from custom_components.ejoin.binary_sensor import SLOT_BINARY_SENSORS
from custom_components.ejoin.button import GATEWAY_BUTTONS, PORT_BUTTONS
from custom_components.ejoin.const import CONF_ENTITY_PORTS, CONF_PUSH, DOMAIN
from custom_components.ejoin.coordinator import slot_from_unique_id
from custom_components.ejoin.entity import EjoinSlotEntity
from custom_components.ejoin.entity_budget import (
    FEATURE_PORT_ENTITIES,
    GATEWAY_ENTITIES,
    MAX_ENABLED,
    PORT_ENTITIES,
    SLOT_ALL_ENTITIES,
    SLOT_ENTITIES,
    SLOT_KEYS,
)
from custom_components.ejoin.helpers import current_slot
from custom_components.ejoin.locate import LOCATE_SWITCH
from custom_components.ejoin.radio_entities import CELL_SENSORS, NETWORK_TYPE_SELECT
from custom_components.ejoin.select import PORT_SELECTS
from custom_components.ejoin.sensor import SLOT_SENSORS
from custom_components.ejoin.switch import PORT_SWITCHES
from emulator import running_emulator

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity import EntityDescription

    from emulator import RunningEmulator


def _enabled(descriptions: Iterable[EntityDescription]) -> int:
    return sum(1 for d in descriptions if d.entity_registry_enabled_default)


def test_budget_counts_match_the_platforms() -> None:
    """The budget's counts are the platforms' enabled-by-default entities."""
    # + the event entity and the authentication sensor
    assert _enabled(GATEWAY_BUTTONS) + 2 == GATEWAY_ENTITIES
    assert _enabled((*PORT_SWITCHES, *PORT_SELECTS, *PORT_BUTTONS)) == PORT_ENTITIES
    assert {
        Feature.LEDS: _enabled([LOCATE_SWITCH]),
        Feature.NETWORK_TYPE: _enabled([NETWORK_TYPE_SELECT]),
    } == FEATURE_PORT_ENTITIES
    assert _enabled(CELL_SENSORS) == 0
    assert _enabled((*SLOT_SENSORS, *SLOT_BINARY_SENSORS)) == SLOT_ENTITIES


@asynccontextmanager
async def _gateway(
    hass: HomeAssistant, ports: int, slots: int, **options: Any
) -> AsyncIterator[tuple[RunningEmulator, MockConfigEntry]]:
    async with running_emulator(
        ports=ports, slots=slots, seed=1, username="root", password="s3cret-pass"
    ) as emu:
        mac = format_mac(emu.gateway.mac)
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=f"Ejoin {ports}-port gateway ({mac})",
            unique_id=mac,
            data={
                CONF_HOST: emu.host,
                CONF_PORT: emu.port,
                CONF_USERNAME: emu.username,
                CONF_PASSWORD: emu.password,
            },
            options={CONF_PUSH: False, **options},
        )
        entry.add_to_hass(hass)
        await _set_up(hass, entry)
        yield emu, entry
        assert await hass.config_entries.async_unload(entry.entry_id)


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the entry up, and wait for its disabled entities (registered after)."""
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


def _slot_entities(
    hass: HomeAssistant, entry: MockConfigEntry
) -> dict[str, list[er.RegistryEntry]]:
    """Return every slot's registered entities, by slot ("3.02")."""
    slots: dict[str, list[er.RegistryEntry]] = {}
    prefix = f"{entry.unique_id}_"
    for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        if (address := slot_from_unique_id(entity.unique_id, prefix)) is not None:
            slots.setdefault(str(address), []).append(entity)
    return slots


def _slots_enabled(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Return the slots whose status sensor is enabled."""
    return {
        slot
        for slot, entities in _slot_entities(hass, entry).items()
        if any(
            e.unique_id.endswith("_status") and e.disabled_by is None for e in entities
        )
    }


def _enabled_count(hass: HomeAssistant, entry: MockConfigEntry) -> int:
    registry = er.async_get(hass)
    return sum(
        entity.disabled_by is None
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
    )


@pytest.mark.parametrize(("ports", "slots"), [(512, 32), (64, 32)])
async def test_big_gateways_stay_within_the_cap(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    socket_enabled: None,
    ports: int,
    slots: int,
) -> None:
    """Every port's controls and the active SIMs first; the rest disabled; no cap."""
    # Home Assistant's info line per registered entity (165,000) would be most of
    # the test's time; its cap warning is a warning.
    caplog.set_level(logging.WARNING, logger="homeassistant")
    async with _gateway(hass, ports, slots) as (_, entry):
        assert MAX_ENABLED - SLOT_ENTITIES < _enabled_count(hass, entry) <= MAX_ENABLED
        assert "Reached the maximum" not in caplog.text
        # Every port has its controls, and its active SIM has enabled entities.
        registry = er.async_get(hass)
        entities = er.async_entries_for_config_entry(registry, entry.entry_id)
        switches = {e.unique_id for e in entities if e.unique_id.endswith("_enabled")}
        assert len(switches) == ports
        enabled = _slots_enabled(hass, entry)
        status = entry.runtime_data.coordinator.data
        for port in range(1, ports + 1):
            if (active := current_slot(status, port)) is not None:
                assert str(active) in enabled
        # Every slot has all its entities; beyond the budget, disabled by it.
        by_slot = _slot_entities(hass, entry)
        assert len(by_slot) == ports * slots
        assert {len(found) for found in by_slot.values()} == {SLOT_ALL_ENTITIES}
        for slot, found in by_slot.items():
            if slot not in enabled:
                assert {e.disabled_by for e in found} == {
                    er.RegistryEntryDisabler.INTEGRATION
                }
        issue = ir.async_get(hass).async_get_issue(
            DOMAIN, f"entity_budget_{entry.entry_id}"
        )
        assert issue is not None
        assert issue.translation_placeholders is not None
        left_out = int(issue.translation_placeholders["left_out"])
        assert left_out == ports * slots - len(enabled)


async def test_chosen_ports_get_entities_first(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, socket_enabled: None
) -> None:
    """The option puts chosen ports' SIMs first; everything stays in the actions."""
    caplog.set_level(logging.WARNING, logger="homeassistant")
    async with _gateway(hass, 64, 32, **{CONF_ENTITY_PORTS: "60-64"}) as (_, entry):
        enabled = _slots_enabled(hass, entry)
        for port in range(60, 65):
            assert all(f"{port}.{slot:02d}" in enabled for slot in range(1, 33))
        response = await hass.services.async_call(
            DOMAIN,
            "get_slot_status",
            {"ports": "50"},
            blocking=True,
            return_response=True,
        )
        assert response is not None
        slots: Any = response["slots"]
        assert [slot["slot"] for slot in slots] == [f"50.{n:02d}" for n in range(1, 33)]
        # Slots with disabled entities are there too, with their data.
        assert any(slot["slot"] not in enabled for slot in slots)
        assert {slot["state"] for slot in slots} <= {
            "registered",
            "idle",
            "no_sim",
            "failed",
            "locked",
            "unknown",
        }


async def test_ports_chosen_later_are_enabled_where_room_was_made(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch, socket_enabled: None
) -> None:
    """Disable ports no longer followed, choose others, reload: theirs are enabled."""
    # A smaller budget on a smaller gateway: the same decisions, in a second.
    monkeypatch.setattr(entity_budget, "MAX_ENABLED", 600)
    built: list[str] = []
    beyond_budget = EjoinSlotEntity.beyond_budget

    def _spy(entity: EjoinSlotEntity) -> None:
        built.append(str(entity.address))
        beyond_budget(entity)

    monkeypatch.setattr(EjoinSlotEntity, "beyond_budget", _spy)
    async with _gateway(hass, 16, 16) as (_, entry):
        assert built
        # Started again: the slots whose entities are all registered disabled
        # are not even built.
        built.clear()
        assert await hass.config_entries.async_unload(entry.entry_id)
        await _set_up(hass, entry)
        assert built == []
        registry = er.async_get(hass)
        before = _slots_enabled(hass, entry)
        # At most port 16's active SIM fits at first.
        assert sum(slot.startswith("16.") for slot in before) <= 1
        # The user makes room: ports 1 to 3 are no longer followed.
        for slot, found in _slot_entities(hass, entry).items():
            if int(slot.split(".")[0]) <= 3:
                for entity in found:
                    if entity.disabled_by is None:
                        registry.async_update_entity(
                            entity.entity_id,
                            disabled_by=er.RegistryEntryDisabler.USER,
                        )
        hass.config_entries.async_update_entry(
            entry, options={**entry.options, CONF_ENTITY_PORTS: "15-16"}
        )
        assert await hass.config_entries.async_unload(entry.entry_id)
        await _set_up(hass, entry)

        after = _slots_enabled(hass, entry)
        for port in (15, 16):
            assert all(f"{port}.{slot:02d}" in after for slot in range(1, 17))
        # What the user disabled stays so; the disabled by default ones too.
        assert not any(slot.startswith(("1.", "2.", "3.")) for slot in after)
        for entity in _slot_entities(hass, entry)["16.02"]:
            default = entity.unique_id.rsplit("16.02_", 1)[1] in SLOT_KEYS
            assert (entity.disabled_by is None) is default
            # Enabled ones are added, with a state.
            assert (hass.states.get(entity.entity_id) is not None) is default
        assert _enabled_count(hass, entry) <= 600


async def test_a_small_gateway_has_no_budget_issue(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Everything fits: every slot has entities and no issue is raised."""
    assert (
        ir.async_get(hass).async_get_issue(
            DOMAIN, f"entity_budget_{init_integration.entry_id}"
        )
        is None
    )
    assert len(_slots_enabled(hass, init_integration)) == 32
