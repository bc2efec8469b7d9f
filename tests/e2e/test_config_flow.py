"""The config flow through Home Assistant's REST API, as the UI drives it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conftest import DOMAIN, Gateway, ensure_gateway
from .ha_client import JSON, HassClient, poll
from .inventory import read_inventory
from .processes import free_port

if TYPE_CHECKING:
    from .emulator_client import EmulatorControl
    from .harness import EmulatorInstance


def _field_defaults(form: dict[str, object]) -> dict[str, object]:
    schema = form["data_schema"]
    assert isinstance(schema, list)
    return {field["name"]: field.get("default") for field in schema}


async def test_user_flow_errors_success_and_duplicate(
    ha: HassClient, gateway_emulator: EmulatorInstance, emulator_ctl: EmulatorControl
) -> None:
    """Wrong password, unreachable host, garbage answer, success, then a duplicate."""
    for entry in await ha.config_entries(DOMAIN):
        await ha.remove_entry(entry["entry_id"])

    form = await ha.start_flow(DOMAIN)
    assert form["type"] == "form"
    assert form["step_id"] == "user"
    assert form["errors"] in ({}, None)
    defaults = _field_defaults(form)
    assert set(defaults) == {"host", "port", "username", "password"}
    assert defaults["port"] == 80
    assert defaults["username"] == "root"
    flow_id = form["flow_id"]

    result = await ha.flow_step(flow_id, gateway_emulator.user_input(password="wrong"))
    assert result["type"] == "form"
    assert result["errors"] == {"base": "invalid_auth"}

    nobody_listens = free_port()
    result = await ha.flow_step(
        flow_id, gateway_emulator.user_input(port=nobody_listens)
    )
    assert result["type"] == "form"
    assert result["errors"] == {"base": "cannot_connect"}

    # A garbage status: a garbage answer to the secure-session handshake would
    # count as "no secure session here", and the password would decide.
    status_path = {"v2": "goip_get_status.html", "v3": "get_device_status"}
    await emulator_ctl.set_fault(
        "garbage", count=1, path=status_path[gateway_emulator.api]
    )
    try:
        result = await ha.flow_step(flow_id, gateway_emulator.user_input())
    finally:
        await emulator_ctl.set_fault("none")
    assert result["type"] == "form"
    assert result["errors"] == {"base": "unknown"}

    result = await ha.flow_step(flow_id, gateway_emulator.user_input())
    assert result["type"] == "create_entry", result
    entry = result["result"]
    assert entry["domain"] == DOMAIN
    assert entry["state"] == "loaded"
    assert gateway_emulator.mac in entry["title"] or entry["title"]

    duplicate = await ha.start_flow(DOMAIN)
    result = await ha.flow_step(duplicate["flow_id"], gateway_emulator.user_input())
    assert result["type"] == "abort"
    assert result["reason"] == "already_configured"
    assert [e["entry_id"] for e in await ha.config_entries(DOMAIN)] == [
        entry["entry_id"]
    ]

    gateway = await ensure_gateway(ha, gateway_emulator, emulator_ctl)
    assert gateway.entry_id == entry["entry_id"]


def _fields(form: JSON) -> dict[str, JSON]:
    return {field["name"]: field for field in form["data_schema"]}


async def test_options_flow(ha: HassClient, gateway: Gateway) -> None:
    """Push and inbox polling on by default, a base URL override, the currency.

    Changing the currency reloads the entry and the balance sensors follow it.
    """
    form = await ha.start_options_flow(gateway.entry_id)
    assert form["type"] == "form", form
    fields = _fields(form)
    switches = [f for f in fields.values() if "boolean" in f.get("selector", {})]
    assert len(switches) >= 2, fields  # push, inbox polling
    assert all(f.get("default") is True for f in switches), switches
    urls = [
        f
        for f in fields.values()
        if f.get("selector", {}).get("text", {}).get("type") == "url"
    ]
    assert len(urls) == 1, fields
    assert not urls[0].get("required"), urls
    (currency,) = [f for f in fields.values() if f.get("default") == "EUR"]
    assert "select" in currency["selector"], currency

    result = await ha.options_flow_step(
        form["flow_id"], {urls[0]["name"]: "not a url at all"}
    )
    assert result["type"] == "form", result
    assert result["errors"], result

    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    balance = inventory.slot_entity_id("1.02", "sensor.balance")

    async def unit_is(unit: str) -> bool:
        state = (await ha.states())[balance]
        return bool(state["attributes"].get("unit_of_measurement") == unit)

    result = await ha.options_flow_step(form["flow_id"], {currency["name"]: "USD"})
    assert result["type"] == "create_entry", result
    await poll(lambda: unit_is("USD"), within=20, what="the balance in USD")

    form = await ha.start_options_flow(gateway.entry_id)
    shown = _fields(form)[currency["name"]]
    suggested = (shown.get("description") or {}).get("suggested_value")
    assert "USD" in {shown.get("default"), suggested}, (
        "the form shows the current value"
    )
    result = await ha.options_flow_step(form["flow_id"], {currency["name"]: "EUR"})
    assert result["type"] == "create_entry", result
    await poll(lambda: unit_is("EUR"), within=20, what="the balance in EUR again")


async def test_reconfigure(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
) -> None:
    """``reconfigure`` changes host/port; the gateway must answer there."""
    form = await ha.rest(
        "POST",
        "/api/config/config_entries/flow",
        json_body={"handler": DOMAIN, "entry_id": gateway.entry_id},
    )
    assert form["type"] == "form", form
    assert form["step_id"] == "reconfigure"
    assert {"host", "port"} <= set(_fields(form))

    moved = {"host": "127.0.0.1", "port": free_port()}
    result = await ha.flow_step(form["flow_id"], moved)
    assert result["type"] == "form", result
    assert result["errors"] == {"base": "cannot_connect"}

    here = {"host": "127.0.0.1", "port": gateway_emulator.port}
    result = await ha.flow_step(form["flow_id"], here)
    assert result["type"] == "abort", result
    assert result["reason"] == "reconfigure_successful"
    await ensure_gateway(ha, gateway_emulator, emulator_ctl)


async def test_removing_the_entry_stops_the_status_push(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
) -> None:
    """Deleting the entry tells the gateway to stop pushing to Home Assistant."""
    await ha.remove_entry(gateway.entry_id)

    async def stopped() -> bool:
        push = (await emulator_ctl.state()).get("status_push") or {}
        return push.get("url") != gateway.webhook_url

    await poll(stopped, within=15, what="the gateway's status push to stop")
    # Set up again for the tests that follow.
    await ensure_gateway(ha, gateway_emulator, emulator_ctl)
