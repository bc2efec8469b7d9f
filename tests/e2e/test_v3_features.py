"""What only API v3 offers, through a real Home Assistant and a v3-only gateway.

USSD with its event, an AT command, the locate switch (LEDs), the network type
select; and that the entry keeps the API and the gateway device shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conftest import DOMAIN, Gateway, Sims
from .ha_client import HassClient, poll
from .inventory import read_inventory

if TYPE_CHECKING:
    from .emulator_client import EmulatorControl


async def test_the_entry_speaks_v3(ha: HassClient, gateway: Gateway) -> None:
    entries = await ha.config_entries(DOMAIN)
    assert [entry["entry_id"] for entry in entries] == [gateway.entry_id]
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    assert inventory.gateway_device["model"] == "8-port GSM gateway (API v3)"


async def test_ussd_balance_and_its_event(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    events = await ha.subscribe_events("ejoin_ussd_received")
    await emulator_ctl.set_slot(sims.sender, bal=41.01)
    response = await ha.call_service(
        DOMAIN,
        "send_ussd",
        {"slot": sims.sender, "code": "*100#"},
        return_response=True,
    )
    (reply,) = response["replies"]
    assert reply["slot"] == sims.sender
    assert reply["success"] is True
    assert reply["text"] == "Your balance is 41.01 EUR."
    (event,) = await events.wait_for(lambda data: data.get("code") == "*100#")
    assert event["text"] == "Your balance is 41.01 EUR."
    assert event["config_entry_id"] == gateway.entry_id
    assert event["device_id"] == gateway.device_id


async def test_at_command(ha: HassClient, gateway: Gateway, sims: Sims) -> None:
    port = sims.port(sims.receiver)
    response = await ha.call_service(
        DOMAIN,
        "send_at",
        {"port": str(port), "command": "AT+CSQ"},
        return_response=True,
    )
    assert response["port"] == port
    assert response["status_code"] == 0
    assert "+CSQ:" in response["response"]


async def test_locate_switch_lights_the_port(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    port = sims.port(sims.spare)
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    switch = inventory.port_entity_id(port, "switch.locate")

    async def leds(*, on: bool) -> bool:
        rows = (await emulator_ctl.state())["slots"]
        lit = [
            row["led"] for row in rows if int(str(row["port"]).split(".")[0]) == port
        ]
        return all(lit) if on else not any(lit)

    async def state(expected: str) -> bool:
        return bool((await ha.states())[switch]["state"] == expected)

    await ha.call_service("switch", "turn_on", target={"entity_id": switch})
    await poll(lambda: leds(on=True), within=10, what=f"the LEDs of port {port}")
    await poll(lambda: state("on"), within=15, what=f"{switch} on")
    await ha.call_service("switch", "turn_off", target={"entity_id": switch})
    await poll(lambda: leds(on=False), within=10, what=f"port {port} dark")
    await poll(lambda: state("off"), within=15, what=f"{switch} off")


async def test_network_type_select(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl
) -> None:
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    select = inventory.port_entity_id(2, "select.network_type")
    assert (await ha.states())[select]["attributes"]["options"] == [
        "auto",
        "gsm",
        "wcdma",
        "lte",
    ]
    await ha.call_service(
        "select",
        "select_option",
        {"option": "lte"},
        target={"entity_id": select},
    )

    async def set_to_lte() -> bool:
        radio = (await emulator_ctl.state())["radio"]
        return bool(radio["2"]["network_type"] == "lte")

    await poll(set_to_lte, within=10, what="port 2 on LTE")

    async def shown() -> bool:
        return bool((await ha.states())[select]["state"] == "lte")

    await poll(shown, within=15, what=f"{select} lte")
