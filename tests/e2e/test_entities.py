"""Devices and entities of the configured gateway, checked against the emulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .inventory import read_inventory

if TYPE_CHECKING:
    from .conftest import Gateway
    from .emulator_client import EmulatorControl
    from .ha_client import JSON, HassClient
    from .harness import EmulatorInstance

#: Per slot (contract): sensors status, signal, balance; diagnostic sensors operator,
#: SIM number, ICCID, IMSI, IMEI; binary sensors SIM inserted, active slot.
SLOT_KEYS = {"sensor.status", "sensor.signal", "sensor.balance"}
SLOT_DIAGNOSTIC_KEYS = {
    "sensor.operator",
    "sensor.sim_number",
    "sensor.iccid",
    "sensor.imsi",
    "sensor.imei",
}
SLOT_BINARY_KEYS = {"binary_sensor.sim_inserted", "binary_sensor.active_slot"}
#: Per port: switch enabled, select active slot, button reset.
PORT_KEYS = {"switch.enabled", "select.active_slot", "button.reset"}
#: Per gateway: buttons reboot and save_config, an event entity.
GATEWAY_BUTTONS = {"button.reboot", "button.save_config"}

UNKNOWN = {"unknown", "unavailable"}


async def _reported_slots(
    ctl: EmulatorControl, gateway_emulator: EmulatorInstance
) -> dict[str, JSON]:
    """The slot rows the gateway reports (empty slots carry only a few fields)."""
    status = await ctl.device_status(
        gateway_emulator.username, gateway_emulator.password
    )
    return {row["port"]: row for row in status["status"]}


async def test_devices_and_entity_layout(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
) -> None:
    """One gateway device, one device per port, the contract's entities on each."""
    device_state = await emulator_ctl.state()
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)

    device = inventory.gateway_device
    assert ["mac", gateway.mac] in device["connections"]
    assert device["sw_version"] == device_state["options"]["ver"]
    assert str(device["configuration_url"]).startswith(gateway_emulator.base_url)
    assert device["via_device_id"] is None

    # Named after the MAC's last four hex digits ("Ejoin 45F9"), ports after it.
    short = gateway.mac.replace(":", "")[-4:].upper()
    assert device["name"] == f"Ejoin {short}"
    assert sorted(inventory.port_devices) == list(range(1, gateway_emulator.ports + 1))
    for port, port_device in inventory.port_devices.items():
        assert port_device["via_device_id"] == device["id"]
        assert port_device["name"] == f"Ejoin {short} port {port}"

    expected_slots = {
        f"{port}.{slot:02d}"
        for port in range(1, gateway_emulator.ports + 1)
        for slot in range(1, gateway_emulator.slots + 1)
    }
    assert set(inventory.slot_entities) == expected_slots
    for slot, entities in inventory.slot_entities.items():
        missing = (SLOT_KEYS | SLOT_DIAGNOSTIC_KEYS | SLOT_BINARY_KEYS) - set(entities)
        assert not missing, f"slot {slot} lacks {missing}"
        for key in SLOT_DIAGNOSTIC_KEYS:
            assert entities[key]["entity_category"] == "diagnostic", (slot, key)
        for key in SLOT_KEYS:
            assert entities[key]["entity_category"] is None, (slot, key)

    assert sorted(inventory.port_entities) == list(range(1, gateway_emulator.ports + 1))
    for port, entities in inventory.port_entities.items():
        assert set(entities) >= PORT_KEYS, f"port {port} has {sorted(entities)}"

    gateway_keys = set(inventory.gateway_entities)
    assert gateway_keys >= GATEWAY_BUTTONS, gateway_keys
    events = [key for key in gateway_keys if key.startswith("event.")]
    assert len(events) == 1, f"one event entity for incoming messages: {gateway_keys}"
    assert not inventory.unplaced, inventory.unplaced

    # The entity ids lead with those names: another gateway's cannot collide.
    prefix = f"ejoin_{short.lower()}"
    assert inventory.gateway_entity_id("button.reboot") == f"button.{prefix}_reboot"
    assert (
        inventory.gateway_entity_id("button.save_config")
        == f"button.{prefix}_save_configuration"
    )
    assert (
        inventory.port_entity_id(3, "switch.enabled")
        == f"switch.{prefix}_port_3_enabled"
    )
    assert (
        inventory.slot_entity_id("1.01", "sensor.status")
        == f"sensor.{prefix}_port_1_slot_01_status"
    )


def _dbm(sig: int) -> int:
    """The module's signal value (0-31) in dBm (3GPP TS 27.007 ``+CSQ``)."""
    return -113 + 2 * sig


async def test_states_match_the_emulator(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
) -> None:
    """Every slot's and port's state is what the gateway reports.

    A field the gateway leaves out of a slot's row (empty slots) is not compared.
    """
    await emulator_ctl.push_status()  # make sure Home Assistant has the latest
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    slots = await _reported_slots(emulator_ctl, gateway_emulator)
    states = await ha.states()

    def state_of(entity: JSON) -> JSON:
        return states[entity["entity_id"]]

    status_by_code: dict[int, set[str]] = {}
    mismatches: list[str] = []

    def check(slot: str, what: str, actual: Any, expected: Any) -> None:
        if actual != expected:
            mismatches.append(f"{slot} {what}: {actual!r} != {expected!r}")

    for label, row in slots.items():
        entities = inventory.slot_entities[label]
        status = state_of(entities["sensor.status"])
        assert status["attributes"]["device_class"] == "enum"
        assert status["state"] in status["attributes"]["options"], status
        status_by_code.setdefault(int(row["st"]), set()).add(status["state"])

        signal = state_of(entities["sensor.signal"])
        assert signal["attributes"]["unit_of_measurement"] == "dBm"
        sig = int(row.get("sig", 99))
        if 0 <= sig <= 31:
            check(label, "signal", float(signal["state"]), _dbm(sig))
        else:
            check(label, "signal", signal["state"] in UNKNOWN, expected=True)

        balance = state_of(entities["sensor.balance"])
        assert balance["attributes"]["unit_of_measurement"] == "EUR"
        if row.get("inserted"):
            check(label, "balance", float(balance["state"]), float(row["bal"]))

        operator_name = str(row.get("opr", "")).partition(" ")[2].strip()
        if operator_name:
            operator = state_of(entities["sensor.operator"])["state"]
            check(label, "operator", operator_name in operator, expected=True)
        if row.get("sn"):
            number = state_of(entities["sensor.sim_number"])["state"]
            check(label, "SIM number", number, row["sn"])

        if "inserted" in row:
            inserted = state_of(entities["binary_sensor.sim_inserted"])["state"]
            check(label, "SIM inserted", inserted, "on" if row["inserted"] else "off")
        if "active" in row:
            active = state_of(entities["binary_sensor.active_slot"])["state"]
            check(label, "active", active, "on" if row["active"] else "off")

    for port, entities in inventory.port_entities.items():
        select = state_of(entities["select.active_slot"])
        active_rows = [
            row
            for label, row in slots.items()
            if label.startswith(f"{port}.") and row.get("active")
        ]
        assert len(active_rows) <= 1, f"port {port}: {active_rows}"
        if active_rows:
            active_label = active_rows[0]["port"]
            assert active_label in select["attributes"]["options"]
            check(f"port {port}", "active slot", select["state"], active_label)

    assert not mismatches, "\n".join(mismatches)
    # The status sensor translates the code: one state per code, one code per state.
    for code, names in status_by_code.items():
        assert len(names) == 1, f"st {code} shown as {names}"
    shown = [next(iter(names)) for names in status_by_code.values()]
    assert len(shown) == len(set(shown)), status_by_code
