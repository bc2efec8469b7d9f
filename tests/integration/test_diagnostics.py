"""Tests of the diagnostics: the entry, its options and the latest status, redacted."""

from __future__ import annotations

from datetime import timedelta
import json
from typing import TYPE_CHECKING, Any

from homeassistant.components.diagnostics import REDACTED
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from syrupy.filters import props

from custom_components.ejoin.const import (
    CONF_CURRENCY,
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_LOCAL_ONLY,
)
from custom_components.ejoin.diagnostics import TO_REDACT
from custom_components.ejoin.journal import SYNC_DELAY

from .mixed import mixed_emulator_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from collections.abc import Iterator

    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
    from syrupy.assertion import SnapshotAssertion

    from emulator import RunningEmulator


@pytest.mark.parametrize(
    "options",
    [
        {
            CONF_PUSH: False,
            CONF_CURRENCY: "EUR",
            CONF_WEBHOOK_BASE_URL: "https://my-home.example.com",
        }
    ],
)
async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Diagnostics show the gateway's state without secrets or identities."""
    # The journal's first line (the inbox cursor) reaches the disk within a second.
    async_fire_time_changed(
        hass, dt_util.utcnow() + timedelta(seconds=SYNC_DELAY + 0.1)
    )
    await hass.async_block_till_done()
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics == snapshot(
        exclude=props("entry_id", "created_at", "modified_at", "webhook_id", "port")
    )

    text = json.dumps(diagnostics)
    gateway = emulator.gateway
    secrets = [
        emulator.password,
        "my-home.example.com",
        init_integration.unique_id,
        gateway.mac,
    ]
    for port in range(1, gateway.max_ports + 1):
        for slot in range(1, gateway.max_slots + 1):
            state = gateway.slot_state(port, slot)
            secrets += [state.sim.iccid, state.sim.imsi, state.sim.msisdn]
            secrets.append(gateway.slot_imei(state))
    for secret in secrets:
        assert secret not in text


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """Yield ``(path, key, value)`` of every key of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", key, item
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


@pytest.mark.parametrize(
    "options",
    [
        {
            CONF_PUSH: False,
            CONF_WEBHOOK_BASE_URL: "https://my-home.example.com",
            CONF_WEBHOOK_LOCAL_ONLY: False,
        }
    ],
)
async def test_diagnostics_redact_field_by_field(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Every redacted key reads ``**REDACTED**``; no raw value appears anywhere."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    redacted: dict[str, int] = {}
    for path, key, value in _walk(diagnostics):
        if key in TO_REDACT and value is not None:
            assert value == REDACTED, path
            redacted[key] = redacted.get(key, 0) + 1
    # Each kind of secret is there, and redacted: credentials, webhook, the
    # gateway's identity, and per slot IMEI, IMSI, ICCID and phone number.
    gateway = emulator.gateway
    slots = [
        gateway.slot_state(port, slot)
        for port in range(1, gateway.max_ports + 1)
        for slot in range(1, gateway.max_slots + 1)
    ]
    with_sim = [state for state in slots if state.sim is not None and state.inserted]
    assert redacted[CONF_PASSWORD] == 1
    assert redacted[CONF_USERNAME] == 1
    assert redacted[CONF_WEBHOOK_ID] == 1
    assert redacted[CONF_WEBHOOK_BASE_URL] == 2  # the entry's and the options
    assert redacted["title"] == redacted["unique_id"] == 1
    assert redacted["mac"] == 1
    assert redacted["imei"] == len(slots)
    assert redacted["imsi"] == redacted["iccid"] == len(with_sim)
    assert redacted["sim_number"] == len(with_sim)
    # (No SMS recipient is configured here: no number of one to redact.)
    assert set(redacted) == TO_REDACT - {"number"}

    text = json.dumps(diagnostics)
    mac = gateway.mac.lower()
    raw = [
        emulator.password,
        f'"{emulator.username}"',
        init_integration.data[CONF_WEBHOOK_ID],
        "my-home.example.com",
        init_integration.title,
        mac,
        mac.replace(":", ""),
        mac.replace(":", "-"),
    ]
    for state in slots:
        raw.append(gateway.slot_imei(state))
        if state.sim is not None:
            raw += [state.sim.imsi, state.sim.iccid, state.sim.msisdn]
            raw.append(state.sim.msisdn.removeprefix("+"))
    for value in raw:
        assert value.lower() not in text.lower(), value
