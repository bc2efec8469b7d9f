"""Tests of setup, unload, availability, pushes and dynamic or stale devices."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_USERNAME,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ejoin.api import SlotAddress
from custom_components.ejoin.const import (
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    DOMAIN,
)
from emulator import running_emulator

from .conftest import entry_state, poll, state_of

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from aiohttp.web import Application, Request
    from freezegun.api import FrozenDateTimeFactory
    from pytest_homeassistant_custom_component.typing import (
        ClientSessionGenerator,
        WebSocketGenerator,
    )

    from emulator import RunningEmulator

BALANCE = "sensor.ejoin_b575_port_1_slot_01_balance"
STATUS = "sensor.ejoin_b575_port_1_slot_01_status"


async def test_load_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The entry loads with one device per port and unloads cleanly."""
    assert init_integration.state is ConfigEntryState.LOADED
    devices = dr.async_entries_for_config_entry(
        dr.async_get(hass), init_integration.entry_id
    )
    assert len(devices) == 9  # the gateway and its 8 ports
    gateway = next(device for device in devices if device.via_device_id is None)
    assert gateway.connections == {
        (dr.CONNECTION_NETWORK_MAC, init_integration.unique_id)
    }
    assert gateway.sw_version == "532-604-924-041-100-000"
    assert all(
        device.via_device_id == gateway.id for device in devices if device != gateway
    )
    # Named after the MAC's last four digits (00:30:f1:c9:b5:75), not the title.
    assert gateway.name == "Ejoin B575"
    assert sorted(device.name or "" for device in devices if device != gateway) == [
        f"Ejoin B575 port {port}" for port in range(1, 9)
    ]

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert entry_state(init_integration) is ConfigEntryState.NOT_LOADED
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE


async def test_gateway_unreachable_at_setup(
    hass: HomeAssistant, emulator: RunningEmulator, mock_config_entry: MockConfigEntry
) -> None:
    """An unreachable gateway makes Home Assistant retry the setup later."""
    emulator.go_offline()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_credentials_rejected_at_setup(
    hass: HomeAssistant, emulator: RunningEmulator, mock_config_entry: MockConfigEntry
) -> None:
    """Rejected credentials fail the setup and start the reauth flow."""
    emulator.gateway.password = "changed"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_credentials_rejected_later_start_reauth(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A password changed on the gateway starts reauth; the new one heals all."""
    emulator.gateway.password = "changed"
    await poll(hass, freezer)
    assert state_of(hass, STATUS).state == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_REAUTH

    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {"username": "root", CONF_PASSWORD: "changed"}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert state_of(hass, STATUS).state == "registered"


async def test_unavailable_and_recovery(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """An unreachable gateway is logged once; its entities recover by themselves."""
    assert state_of(hass, STATUS).state == "registered"
    emulator.go_offline()
    with caplog.at_level(logging.INFO, logger="custom_components.ejoin"):
        await poll(hass, freezer)
        for entity_id in (
            STATUS,
            BALANCE,
            "binary_sensor.ejoin_b575_port_1_slot_01_active",
            "switch.ejoin_b575_port_1_enabled",
            "select.ejoin_b575_port_1_active_slot",
            "button.ejoin_b575_port_1_reset",
        ):
            assert state_of(hass, entity_id).state == STATE_UNAVAILABLE, entity_id
        await poll(hass, freezer)
        await poll(hass, freezer)
        errors = [
            record
            for record in caplog.records
            if record.levelno >= logging.ERROR and "Error fetching" in record.message
        ]
        assert len(errors) == 1
        assert emulator.password not in caplog.text

        emulator.go_online()
        await poll(hass, freezer)
        assert state_of(hass, STATUS).state == "registered"
        assert "data recovered" in caplog.text


async def test_unchanged_poll_writes_no_state(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A poll where nothing changed writes no state; a change writes only its own."""
    changes: list[str] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        changes.append(event.data["entity_id"])

    hass.bus.async_listen(EVENT_STATE_CHANGED, _changed)
    await poll(hass, freezer)
    assert changes == []

    emulator.set_slot("1.01", bal=12.5)
    await poll(hass, freezer)
    assert changes == [BALANCE]
    assert state_of(hass, BALANCE).state == "12.50"


async def test_new_slot_gets_entities(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A slot the gateway starts reporting gets its entities without a restart."""
    emulator.configure(empty_slots="omit")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.ejoin_b575_port_3_slot_02_status") is None

    emulator.set_slot("3.02", inserted=True)
    await poll(hass, freezer)
    assert state_of(hass, "sensor.ejoin_b575_port_3_slot_02_status").state == "idle_sim"
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_3_slot_02_sim_inserted").state
        == "on"
    )
    assert (
        entity_registry.async_get("sensor.ejoin_b575_port_3_slot_02_imei") is not None
    )

    # Left out again: the slot keeps its entities, unavailable until it is back.
    emulator.set_slot("3.02", inserted=False)
    await poll(hass, freezer)
    assert (
        state_of(hass, "sensor.ejoin_b575_port_3_slot_02_status").state
        == STATE_UNAVAILABLE
    )


async def test_two_gateways_get_entity_ids_of_their_own(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A second gateway's entity ids carry its MAC digits, not a ``_2`` suffix."""
    async with running_emulator(
        ports=2, slots=1, seed=7, username=emulator.username, password=emulator.password
    ) as other:
        assert other.gateway.mac == "00-30-f1-4d-84-75"
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="Ejoin 2-port gateway (00:30:f1:4d:84:75)",
            unique_id="00:30:f1:4d:84:75",
            data={
                CONF_HOST: other.host,
                CONF_PORT: other.port,
                CONF_USERNAME: other.username,
                CONF_PASSWORD: other.password,
            },
            options={CONF_PUSH: False},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()

        ids = {
            item.entity_id
            for item in er.async_entries_for_config_entry(
                entity_registry, entry.entry_id
            )
        }
        assert {
            "button.ejoin_8475_reboot",
            "event.ejoin_8475_messages",
            "switch.ejoin_8475_port_1_enabled",
            "sensor.ejoin_8475_port_1_slot_01_status",
        } <= ids
        assert not any(entity_id.endswith("_2") for entity_id in ids), ids
        assert hass.states.get("sensor.ejoin_b575_port_1_slot_01_status") is not None
        assert hass.states.get("sensor.ejoin_8475_port_1_slot_01_status") is not None
        await hass.config_entries.async_unload(entry.entry_id)


async def test_smaller_gateway_removes_stale_devices_and_entities(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """Ports and slots the gateway no longer has are removed for good."""
    mac = init_integration.unique_id
    entry_id = init_integration.entry_id
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{mac}_port_8"), entry_id
    )
    async with running_emulator(
        ports=4,
        slots=2,
        seed=1,
        username=emulator.username,
        password=emulator.password,
        api=emulator.gateway.options.api,
    ) as smaller:
        assert smaller.gateway.mac == emulator.gateway.mac
        hass.config_entries.async_update_entry(
            init_integration, data={**init_integration.data, CONF_PORT: smaller.port}
        )
        await hass.config_entries.async_reload(init_integration.entry_id)
        await hass.async_block_till_done()

        assert device_registry.async_get_device_by_identifier(
            (DOMAIN, f"{mac}_port_4"), entry_id
        )
        assert (
            device_registry.async_get_device_by_identifier(
                (DOMAIN, f"{mac}_port_5"), entry_id
            )
            is None
        )
        assert (
            entity_registry.async_get("sensor.ejoin_b575_port_8_slot_01_status") is None
        )
        assert (
            entity_registry.async_get("sensor.ejoin_b575_port_1_slot_03_status") is None
        )
        assert hass.states.get("sensor.ejoin_b575_port_1_slot_02_status") is not None
        assert state_of(hass, "select.ejoin_b575_port_1_active_slot").attributes[
            "options"
        ] == [
            "1.01",
            "1.02",
        ]
        await hass.config_entries.async_unload(init_integration.entry_id)


async def test_remove_port_device(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Only a port the gateway no longer has can be deleted by the user."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    mac = init_integration.unique_id
    entry_id = init_integration.entry_id
    gone = device_registry.async_get_or_create(
        config_entry_id=entry_id, identifiers={(DOMAIN, f"{mac}_port_9")}
    )

    async def remove(device: dr.DeviceEntry) -> bool:
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry_id,
                "device_id": device.id,
            }
        )
        response = await client.receive_json()
        return bool(response["success"])

    gateway = device_registry.async_get_device_by_identifier((DOMAIN, mac), entry_id)
    port_1 = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{mac}_port_1"), entry_id
    )
    assert gateway is not None
    assert port_1 is not None
    assert not await remove(gateway)
    assert not await remove(port_1)
    assert await remove(gone)
    assert device_registry.async_get(gone.id) is None


async def test_new_firmware_shows_on_the_device(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    emulator: RunningEmulator,
    init_integration: MockConfigEntry,
) -> None:
    """A firmware update of the gateway updates its device."""
    emulator.configure(ver="532-604-924-041-200-000")
    await poll(hass, freezer)
    gateway = device_registry.async_get_device_by_identifier(
        (DOMAIN, init_integration.unique_id), init_integration.entry_id
    )
    assert gateway is not None
    assert gateway.sw_version == "532-604-924-041-200-000"


@pytest.fixture
async def webhook_client(
    hass: HomeAssistant, hass_client_no_auth: ClientSessionGenerator
) -> TestClient[Request, Application]:
    """Serve Home Assistant's HTTP app on loopback, where the gateway can push."""
    assert await async_setup_component(hass, "webhook", {})
    client: TestClient[Request, Application] = await hass_client_no_auth()
    return client


@pytest.fixture
def push_base_url(webhook_client: TestClient[Request, Application]) -> str:
    """Return the base URL the gateway pushes to."""
    return str(webhook_client.make_url("/")).rstrip("/")


async def test_pushes_update_the_state_at_once(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    push_base_url: str,
) -> None:
    """Pushed port-status and dev-status reach the entities without a poll."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: push_base_url},
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await emulator.settle()
    assert emulator.gateway.status_registration is not None
    polls = emulator.gateway.request_counts["goip_get_status.html"]

    changes: list[str] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        changes.append(event.data["entity_id"])

    hass.bus.async_listen(EVENT_STATE_CHANGED, _changed)

    # port-status: only what changed is written.
    emulator.set_slot("1.01", bal=42.1)
    await emulator.settle()
    await hass.async_block_till_done()
    assert state_of(hass, BALANCE).state == "42.10"
    assert changes == [BALANCE]

    # A switch of the active SIM: the old slot turns inactive at once.
    emulator.set_slot("1.02", active=True)
    await emulator.settle()
    await hass.async_block_till_done()
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_02_active").state == "on"
    )
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_01_active").state == "off"
    )
    assert state_of(hass, "select.ejoin_b575_port_1_active_slot").state == "1.02"

    # dev-status: the whole gateway at once; an unchanged one writes nothing.
    changes.clear()
    emulator.push_status()
    await emulator.settle()
    await hass.async_block_till_done()
    assert changes == []
    # The push carries each port's current SIM (the others change only with a
    # port-status push of their own).
    current = emulator.gateway.port_state(2).active_slot
    emulator.gateway.slot_state(2, current).balance = 3.0
    emulator.push_status()
    await emulator.settle()
    await hass.async_block_till_done()
    balance = f"sensor.ejoin_b575_port_2_slot_{current:02d}_balance"
    assert state_of(hass, balance).state == "3.00"
    assert emulator.gateway.request_counts["goip_get_status.html"] == polls

    # Deleting the entry stops the gateway's status push.
    await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert emulator.gateway.status_registration is None


async def test_pushes_in_the_documents_shape(
    hass: HomeAssistant,
    emulator: RunningEmulator,
    mock_config_entry: MockConfigEntry,
    webhook_client: TestClient[Request, Application],
    push_base_url: str,
) -> None:
    """Pushes shaped like the document's example merge into what is known.

    They carry no signal, no active flag: those stay as last read, unless the SIM
    is gone. A slot first seen in a push gets its entities at once.
    """
    emulator.configure(empty_slots="omit")
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_PUSH: True, CONF_WEBHOOK_BASE_URL: push_base_url},
    )
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.ejoin_b575_port_3_slot_02_status") is None
    url = f"/api/webhook/{mock_config_entry.data[CONF_WEBHOOK_ID]}"

    async def push(port: str, status: str, **fields: str) -> None:
        body = {"type": "port-status", "port": port, "seq": 9, "status": status}
        response = await webhook_client.post(url, json=body | fields)
        assert response.status == 200
        await hass.async_block_till_done()

    await push("1A", "3 OK", bal="55.00", opr="46000 China Mobile")
    assert state_of(hass, BALANCE).state == "55.00"
    assert state_of(hass, "sensor.ejoin_b575_port_1_slot_01_signal").state == "-79"
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_1_slot_01_active").state == "on"
    )

    await push("2.03", "0 No SIM")
    assert state_of(hass, "sensor.ejoin_b575_port_2_slot_03_status").state == "no_sim"
    assert (
        state_of(hass, "sensor.ejoin_b575_port_2_slot_03_signal").state == STATE_UNKNOWN
    )
    assert (
        state_of(hass, "binary_sensor.ejoin_b575_port_2_slot_03_active").state == "on"
    )

    await push("3B", "1 Idle", bal="7.00")
    assert state_of(hass, "sensor.ejoin_b575_port_3_slot_02_status").state == "idle_sim"
    assert state_of(hass, "sensor.ejoin_b575_port_3_slot_02_balance").state == "7.00"


async def test_a_reply_beyond_512_by_32_creates_no_more(
    hass: HomeAssistant, socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    """A device answering a million ports: 512 ports at most, and one warning."""
    status = {
        "type": "dev-status",
        "mac": "00:30:f1:00:00:01",
        "max-ports": 1_000_000,
        "max-slot": 1,
        "status": [{"port": "1.01", "st": 3}, {"port": "70000.01", "st": 3}],
    }

    async def answer(request: web.Request) -> web.Response:
        return web.json_response(status)

    app = web.Application()
    app.router.add_get("/goip_get_status.html", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id="00:30:f1:00:00:01",
            data={
                CONF_HOST: "127.0.0.1",
                CONF_PORT: runner.addresses[0][1],
                CONF_USERNAME: "root",
                CONF_PASSWORD: "broken-device",
            },
            options={CONF_PUSH: False},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        coordinator = entry.runtime_data.coordinator
        assert coordinator.data.max_ports == 512
        assert list(coordinator.data.slots) == [SlotAddress(1, 1)]
        await coordinator.async_refresh()
        warnings = [
            record
            for record in caplog.get_records("call")
            if record.levelno >= logging.WARNING and "beyond" in record.getMessage()
        ]
        assert len(warnings) == 1
        await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await runner.cleanup()
