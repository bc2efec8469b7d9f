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

from custom_components.ejoin.api import Feature
from custom_components.ejoin.binary_sensor import SLOT_BINARY_SENSORS
from custom_components.ejoin.button import GATEWAY_BUTTONS, PORT_BUTTONS
from custom_components.ejoin.const import CONF_ENTITY_PORTS, CONF_PUSH, DOMAIN
from custom_components.ejoin.entity_budget import (
    FEATURE_PORT_ENTITIES,
    GATEWAY_ENTITIES,
    MAX_ENABLED,
    PORT_ENTITIES,
    SLOT_ENTITIES,
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
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        yield emu, entry
        assert await hass.config_entries.async_unload(entry.entry_id)


def _slots_with_entities(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    registry = er.async_get(hass)
    return {
        entity.unique_id.split("_")[1]
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if entity.unique_id.endswith("_status")
    }


@pytest.mark.parametrize(("ports", "slots"), [(512, 32), (64, 32)])
async def test_big_gateways_stay_within_the_cap(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    socket_enabled: None,
    ports: int,
    slots: int,
) -> None:
    """Every port's controls and the active SIMs first; never the cap's warning."""
    # Hundreds of thousands of debug lines would be most of the test's time.
    caplog.set_level(logging.INFO, logger="homeassistant")
    async with _gateway(hass, ports, slots) as (_, entry):
        registry = er.async_get(hass)
        entities = er.async_entries_for_config_entry(registry, entry.entry_id)
        enabled = [entity for entity in entities if entity.disabled_by is None]
        assert MAX_ENABLED - SLOT_ENTITIES < len(enabled) <= MAX_ENABLED
        assert "Reached the maximum" not in caplog.text
        # Every port has its controls, and its active SIM has entities.
        switches = {e.unique_id for e in entities if e.unique_id.endswith("_enabled")}
        assert len(switches) == ports
        with_entities = _slots_with_entities(hass, entry)
        status = entry.runtime_data.coordinator.data
        for port in range(1, ports + 1):
            if (active := current_slot(status, port)) is not None:
                assert str(active) in with_entities
        issue = ir.async_get(hass).async_get_issue(
            DOMAIN, f"entity_budget_{entry.entry_id}"
        )
        assert issue is not None
        assert issue.translation_placeholders is not None
        left_out = int(issue.translation_placeholders["left_out"])
        assert left_out == ports * slots - len(with_entities)


async def test_chosen_ports_get_entities_first(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, socket_enabled: None
) -> None:
    """The option puts chosen ports' SIMs first; everything stays in the actions."""
    caplog.set_level(logging.INFO, logger="homeassistant")
    async with _gateway(hass, 64, 32, **{CONF_ENTITY_PORTS: "60-64"}) as (_, entry):
        with_entities = _slots_with_entities(hass, entry)
        for port in range(60, 65):
            assert all(f"{port}.{slot:02d}" in with_entities for slot in range(1, 33))
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
        # Slots without entities are there too, with their data.
        assert any(slot["slot"] not in with_entities for slot in slots)
        assert {slot["state"] for slot in slots} <= {
            "registered",
            "idle",
            "no_sim",
            "failed",
            "locked",
            "unknown",
        }


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
    assert len(_slots_with_entities(hass, init_integration)) == 32
