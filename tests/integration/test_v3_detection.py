"""Which API generation a gateway speaks: found at set-up, kept, checked again.

v3 is preferred where it answers; a gateway that also answers v2.1 keeps it for
what v3 lacks; a firmware change (another version, or an endpoint gone) makes the
integration ask again and reload with what the gateway speaks now. A gateway that
answers v2.1's secure-session handshake stays on v2.1 (v3 would carry the
password): the tests of v3 beside v2.1 refuse the handshake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)

from custom_components.ejoin.const import CONF_API, CONF_SECURE_SESSION, DOMAIN
from emulator import running_emulator

from .conftest import entry_state, on_api, poll, state_of

if TYPE_CHECKING:
    from freezegun.api import FrozenDateTimeFactory
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

    from emulator import RunningEmulator

LOCATE = "switch.ejoin_b575_port_1_locate"


async def _set_up_without_sessions(
    hass: HomeAssistant, emulator: RunningEmulator, entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up ``entry`` for a gateway that refuses the secure-session handshake."""
    emulator.configure(session_handshake="not_found")
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _gateway_device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.unique_id or ""), entry.entry_id
    )
    assert device is not None
    return device


async def test_an_entry_from_before_learns_its_api(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """An entry without the key asks the gateway once, keeps and shows the answer."""
    api = on_api(emulator, "v2.1", "v3")
    assert init_integration.data[CONF_API] == [api]
    device = _gateway_device(hass, init_integration)
    assert device.model == f"8-port GSM gateway (API {api})"
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics["api"]["in_use"] == [api]
    v3_features = {"ussd", "at_commands", "leds", "network_type", "serving_cells"}
    features = set(diagnostics["api"]["features"])
    assert (features >= v3_features) is (api == "v3")
    assert ("inbox_delete" in features) is (api == "v2.1")
    # Set up again, it does not ask (one status request, v2.1 not probed).
    emulator.gateway.requests.clear()
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    probe = on_api(emulator, "get_device_status", "goip_get_status.html")
    assert emulator.requests(probe) == []


@pytest.mark.parametrize("gateway_api", ["both"])
async def test_a_gateway_speaking_both(
    hass: HomeAssistant, emulator: RunningEmulator
) -> None:
    """v3 is preferred; v2.1 stays for what v3 lacks (deleting from the inbox)."""
    emulator.configure(session_handshake="not_found")
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: emulator.host,
            CONF_PORT: emulator.port,
            CONF_USERNAME: emulator.username,
            CONF_PASSWORD: emulator.password,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_API] == ["v3", "v2.1"]
    await hass.async_block_till_done()
    entry = result["result"]
    assert _gateway_device(hass, entry).model == "8-port GSM gateway (API v3 + v2.1)"
    assert state_of(hass, LOCATE).state in {"on", "off"}
    emulator.inject_sms("1.01", "+4917", "delete me")
    page: Any = await hass.services.async_call(
        DOMAIN, "get_inbox", {"delete": True}, blocking=True, return_response=True
    )
    assert [message["text"] for message in page["messages"]] == ["delete me"]
    assert len(emulator.gateway.inbox) == 0
    assert emulator.requests("goip_get_sms.html")[-1].method == "POST"
    assert emulator.requests("get_received_smses")


@pytest.mark.parametrize("gateway_api", ["both"])
async def test_a_gateway_speaking_both_with_sessions_stays_on_v2(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """With the secure session, v3 is neither asked nor used: no password travels."""
    assert init_integration.data[CONF_API] == ["v2.1"]
    assert init_integration.data[CONF_SECURE_SESSION] is True
    assert hass.states.get(LOCATE) is None
    assert emulator.requests("get_device_status") == []
    assert emulator.requests()[0].path == "/crypt_sess.json"
    assert not any(
        name == "password"
        for request in emulator.requests()
        for name, _ in request.query
    )


@pytest.mark.parametrize("gateway_api", ["v2"])
async def test_firmware_update_brings_api_v3(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A new version: asked again, the entry reloads with v3 and its entities."""
    init_integration = await _set_up_without_sessions(hass, emulator, mock_config_entry)
    assert hass.states.get(LOCATE) is None
    emulator.configure(api="both", ver="532-604-924-041-100-80D")
    await poll(hass, freezer)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.data[CONF_API] == ["v3", "v2.1"]
    assert entry_state(init_integration) is ConfigEntryState.LOADED
    device = _gateway_device(hass, init_integration)
    assert device.model == "8-port GSM gateway (API v3 + v2.1)"
    assert device.sw_version == "532-604-924-041-100-80D"
    assert state_of(hass, LOCATE).state in {"on", "off"}


@pytest.mark.parametrize("gateway_api", ["v2"])
async def test_same_version_same_api(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Another version that speaks the same API: nothing reloads."""
    emulator.configure(ver="532-604-924-041-100-001")
    before = len(emulator.requests("goip_get_status.html"))
    await poll(hass, freezer)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.data[CONF_API] == ["v2.1"]
    # It was asked: the poll, and the check's status of the active slots.
    asked = emulator.requests("goip_get_status.html")[before:]
    assert ("all_slots", "0") in {pair for request in asked for pair in request.query}
    assert hass.states.get(LOCATE) is None


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_firmware_downgrade_back_to_v2(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """The v3 endpoints are gone (404): asked again, v2.1 it is, v3 entities go."""
    assert entity_registry.async_get(LOCATE) is not None
    emulator.configure(api="v2")
    await poll(hass, freezer)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.data[CONF_API] == ["v2.1"]
    await poll(hass, freezer)
    assert entry_state(init_integration) is ConfigEntryState.LOADED
    assert state_of(hass, "sensor.ejoin_b575_port_1_slot_01_status").state == (
        "registered"
    )
    assert entity_registry.async_get(LOCATE) is None
    assert entity_registry.async_get("select.ejoin_b575_port_1_network_type") is None
    assert (
        entity_registry.async_get("sensor.ejoin_b575_port_1_serving_cell_rsrp") is None
    )


@pytest.mark.parametrize("gateway_api", ["both"])
async def test_unreachable_during_the_check(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A check that cannot reach the gateway changes nothing; the next one will."""
    init_integration = await _set_up_without_sessions(hass, emulator, mock_config_entry)
    assert init_integration.data[CONF_API] == ["v3", "v2.1"]
    emulator.configure(ver="532-604-924-041-100-80E")
    emulator.set_fault("drop", path="goip_get_status.html")  # v3 polls go on
    await poll(hass, freezer)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert emulator.requests("goip_get_status.html")
    assert init_integration.data[CONF_API] == ["v3", "v2.1"]
    assert entry_state(init_integration) is ConfigEntryState.LOADED


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_unknown_api_in_the_entry_is_asked_again(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """An API name this version does not know (a newer one's) counts as none."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_API: ["v9"]}
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.data[CONF_API] == ["v3"]


@pytest.mark.parametrize("gateway_api", ["v2"])
async def test_reconfigure_to_a_v3_gateway(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """The same gateway (MAC) at a new address, updated meanwhile: v3 is kept."""
    result = await init_integration.start_reconfigure_flow(hass)
    async with running_emulator(
        ports=8,
        slots=4,
        seed=1,
        username=emulator.username,
        password=emulator.password,
        api="v3",
    ) as moved:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: moved.host, CONF_PORT: moved.port}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert init_integration.data[CONF_API] == ["v3"]
        await hass.async_block_till_done()
        assert entry_state(init_integration) is ConfigEntryState.LOADED
        assert state_of(hass, LOCATE).state in {"on", "off"}
        await hass.config_entries.async_unload(init_integration.entry_id)


@pytest.mark.parametrize("gateway_api", ["v3"])
async def test_a_v3_gateway_uses_the_password(
    hass: HomeAssistant, emulator: RunningEmulator, init_integration: MockConfigEntry
) -> None:
    """v3 knows no secure session: the handshake is tried, the password used."""
    assert len(emulator.requests("crypt_sess.json")) == 1
    assert init_integration.data.get(CONF_SECURE_SESSION, False) is False
    assert state_of(hass, "sensor.ejoin_b575_api_authentication").state == "plain"
