"""Recipients (config subentries) and their notify entities, against the emulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin.diagnostics import async_get_config_entry_diagnostics

from .conftest import on_api, state_of

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from emulator import RunningEmulator

RECIPIENT = "recipient"


async def _add_recipient(
    hass: HomeAssistant, entry: MockConfigEntry, **user_input: str
) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, RECIPIENT), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], user_input
    )
    await hass.async_block_till_done()
    return dict(result)


def _recipient_id(entry: MockConfigEntry, title: str) -> str:
    return next(
        str(subentry_id)
        for subentry_id, subentry in entry.subentries.items()
        if subentry.title == title
    )


def _device(
    hass: HomeAssistant, entry: MockConfigEntry, identifier: str
) -> dr.DeviceEntry | None:
    return dr.async_get(hass).async_get_device_by_identifier(
        ("ejoin", identifier), entry.entry_id
    )


def _entity_id(hass: HomeAssistant, entry: MockConfigEntry, title: str) -> str:
    unique_id = f"{entry.unique_id}_recipient_{_recipient_id(entry, title)}"
    entity_id = er.async_get(hass).async_get_entity_id("notify", "ejoin", unique_id)
    assert entity_id is not None
    return entity_id


async def _notify(
    hass: HomeAssistant, entity_id: str, message: str, title: str | None = None
) -> None:
    data = {ATTR_ENTITY_ID: entity_id, "message": message}
    if title is not None:
        data["title"] = title
    await hass.services.async_call("notify", "send_message", data, blocking=True)


def _last_task(emulator: RunningEmulator) -> dict[str, Any]:
    """The last task the gateway took, as v2.1 spells it (either API sent it)."""
    tid = emulator.state()["tasks"][-1]["tid"]
    task = emulator.gateway.task(tid)
    assert task is not None
    spelled = {"to": task.to_spec, "sms": task.text}
    if task.from_spec:
        spelled["from"] = task.from_spec
    return spelled


async def test_add_recipient_gives_a_notify_entity_that_sends_sms(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    result = await _add_recipient(
        hass, init_integration, name="Alice", number="+49 170 1234567", ports="2"
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Alice"
    assert result["data"] == {"number": "+491701234567", "ports": "2"}

    entity_id = _entity_id(hass, init_integration, "Alice")
    assert entity_id == "notify.alice"
    assert state_of(hass, entity_id).attributes["supported_features"] == 1
    alice = _recipient_id(init_integration, "Alice")
    device = _device(
        hass, init_integration, f"{init_integration.unique_id}_recipient_{alice}"
    )
    assert device is not None
    assert device.name == "Alice"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    gateway = _device(hass, init_integration, str(init_integration.unique_id))
    assert gateway is not None
    assert device.via_device_id == gateway.id

    await _notify(hass, entity_id, "The door is open.", title="Home")
    task = _last_task(emulator)
    assert task["to"] == "+491701234567"
    assert task["sms"] == "Home\nThe door is open."
    assert task["from"] == "2"
    assert state_of(hass, entity_id).state != "unknown"

    await _notify(hass, entity_id, "No title.")
    task = _last_task(emulator)
    assert task["sms"] == "No title."


async def test_recipient_without_ports_lets_the_gateway_choose(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    await _add_recipient(hass, init_integration, name="Bob", number="+15550001111")
    await _notify(hass, "notify.bob", "Hi")
    task = _last_task(emulator)
    assert task["to"] == "+15550001111"
    assert "from" not in task


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        ({"name": " ", "number": "+15550001111"}, {"name": "name_missing"}),
        ({"name": "Eve", "number": "not a number"}, {"number": "invalid_number"}),
        ({"name": "Eve", "number": "+1555, +1666"}, {"number": "invalid_number"}),
        (
            {"name": "Eve", "number": "+15550001111", "ports": "x-y"},
            {"ports": "invalid_ports"},
        ),
        (
            {"name": "Eve", "number": "+15550001111", "ports": "9"},
            {"ports": "ports_not_found"},
        ),
        (
            {"name": "Eve", "number": "+15550001111", "ports": "1.05"},
            {"ports": "ports_not_found"},
        ),
    ],
)
async def test_add_recipient_refuses_what_cannot_work(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    user_input: dict[str, str],
    errors: dict[str, str],
) -> None:
    result = await _add_recipient(hass, init_integration, **user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    # Corrected, it is taken.
    created = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Eve", "number": "+15550009999"}
    )
    assert created["type"] is FlowResultType.CREATE_ENTRY


async def test_one_recipient_per_number(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    await _add_recipient(hass, init_integration, name="Alice", number="+15550001111")
    result = await _add_recipient(
        hass, init_integration, name="Alice again", number="+1 555 000 1111"
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"number": "number_configured"}


async def test_change_and_remove_a_recipient(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    await _add_recipient(hass, init_integration, name="Alice", number="+15550001111")
    await _add_recipient(hass, init_integration, name="Bob", number="+15550002222")
    alice = _recipient_id(init_integration, "Alice")
    entity_id = _entity_id(hass, init_integration, "Alice")
    assert _entity_id(hass, init_integration, "Bob") == "notify.bob"

    result = await hass.config_entries.subentries.async_init(
        (init_integration.entry_id, RECIPIENT),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": alice},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    # Bob's number is taken; Alice's own is not.
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Alice", "number": "+15550002222"}
    )
    assert result["errors"] == {"number": "number_configured"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {"name": "Alice Smith", "number": "+15550003333", "ports": "1.02"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()

    # Same entity, new name and number, no reload of the gateway.
    assert _entity_id(hass, init_integration, "Alice Smith") == entity_id
    assert state_of(hass, entity_id).attributes["friendly_name"] == "Alice Smith"
    if on_api(emulator, v2=False, v3=True):
        # API v3 sends from ports only: a chosen slot is refused, not sent from
        # whichever SIM the port has active.
        with pytest.raises(HomeAssistantError) as err:
            await _notify(hass, entity_id, "Moved")
        assert err.value.translation_key == "not_supported"
    else:
        await _notify(hass, entity_id, "Moved")
        task = _last_task(emulator)
        assert task["to"] == "+15550003333"
        assert task["from"] in {"1.02", "1B"}

    hass.config_entries.async_remove_subentry(init_integration, alice)
    await hass.async_block_till_done()
    assert hass.states.get(entity_id) is None
    assert er.async_get(hass).async_get(entity_id) is None
    recipient = f"{init_integration.unique_id}_recipient_{alice}"
    assert _device(hass, init_integration, recipient) is None
    assert hass.states.get("notify.bob") is not None


async def test_recipients_are_set_up_with_the_entry(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    await _add_recipient(hass, init_integration, name="Alice", number="+15550001111")
    assert Platform.NOTIFY in init_integration.runtime_data.platforms
    # Another integration's entry changing is none of the gateway's business.
    other = MockConfigEntry(domain="other", title="Other")
    other.add_to_hass(hass)
    hass.config_entries.async_update_entry(other, title="Renamed")
    assert len(hass.states.async_entity_ids("notify")) == 1
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert Platform.NOTIFY in init_integration.runtime_data.platforms
    await _notify(hass, "notify.alice", "After a reload")
    assert _last_task(emulator)["sms"] == "After a reload"
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert state_of(hass, "notify.alice").state == "unavailable"


async def test_recipient_ports_are_checked_only_while_loaded(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    result = await _add_recipient(
        hass, init_integration, name="Alice", number="+15550001111", ports="99"
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_refused_send_raises_a_translated_error(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    await _add_recipient(hass, init_integration, name="Alice", number="+15550001111")
    emulator.configure(max_queued_tasks=0)
    with pytest.raises(HomeAssistantError) as err:
        await _notify(hass, "notify.alice", "Too much")
    assert err.value.translation_key == "command_refused"


async def test_diagnostics_hide_recipients_numbers(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    await _add_recipient(hass, init_integration, name="Alice", number="+15550001111")
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    assert "+15550001111" not in str(diagnostics)
    assert "Alice" not in str(diagnostics)
