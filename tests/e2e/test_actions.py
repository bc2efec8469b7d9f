"""Every action of the contract, called through the websocket API like a script would.

Each test checks what the action did to the (emulated) gateway and, where the
contract gives one, the shape of its response.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
import uuid

import pytest

from .conftest import DOMAIN, Gateway, Sims, ensure_gateway
from .ha_client import JSON, CommandError, HassClient, poll
from .harness import EmulatorInstance, HassInstance
from .inventory import read_inventory
from .test_push_events import GIF_1PX

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable
    from pathlib import Path

    from .emulator_client import EmulatorControl

SLOTS_PER_PORT = 4


def _luhn_digit(body: str) -> str:
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


async def _slots(ctl: EmulatorControl) -> dict[str, JSON]:
    """The emulator's own view of every slot (``locked``, ``active`` ...)."""
    return {row["port"]: row for row in (await ctl.state())["slots"]}


async def _wait_emulator(
    ctl: EmulatorControl,
    what: str,
    check: Callable[[JSON], bool],
    within: float = 10,
) -> None:
    async def probe() -> bool:
        return bool(check(await ctl.state()))

    await poll(probe, within=within, what=what)


async def _wait_state(
    ha: HassClient, entity_id: str, expected: str, within: float = 15
) -> None:
    async def probe() -> bool:
        return bool((await ha.states())[entity_id]["state"] == expected)

    try:
        await poll(probe, within=within, what=f"{entity_id} to be {expected}")
    except AssertionError as err:
        actual = (await ha.states())[entity_id]["state"]
        raise AssertionError(f"{err}; it is {actual!r}") from None


async def _refused(
    ha: HassClient, service: str, data: JSON, code: str, *, response: bool = False
) -> CommandError:
    """Call an action that must fail with ``code``; return the error."""
    with pytest.raises(CommandError) as info:
        await ha.call_service(DOMAIN, service, data, return_response=response)
    error = info.value
    assert error.code == code, f"{service} {data}: {error.error}"
    return error


def _untranslated(error: CommandError, *names: str, domain: str = DOMAIN) -> list[str]:
    """Check for a translated message (not the bare key) that names the cause.

    Returns the problems, so a test can finish its other checks first.
    """
    key = error.error.get("translation_key")
    message = error.message.removeprefix("Validation error: ")
    problems = []
    if error.error.get("translation_domain") != domain or not key:
        problems.append(f"not a {domain} translation: {error.error}")
    if not message or message == key or "{" in message:
        problems.append(f"message {error.message!r} is not translated ({key})")
    problems.extend(
        f"{name!r} not named in {message!r}" for name in names if name not in message
    )
    return problems


# ------------------------------------------------------------------ ports


async def test_lock_unlock_and_the_enabled_switch(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """``lock_ports``/``unlock_ports`` and the port's ``enabled`` switch."""
    port = sims.port(sims.spare)
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    switch = inventory.port_entity_id(port, "switch.enabled")
    port_slots = [f"{port}.{slot:02d}" for slot in range(1, SLOTS_PER_PORT + 1)]

    await ha.call_service(DOMAIN, "lock_ports", {"ports": str(port)})
    await _wait_emulator(
        emulator_ctl,
        f"port {port} locked",
        lambda s: all(r["locked"] for r in s["slots"] if r["port"] in port_slots),
    )
    await _wait_state(ha, switch, "off")

    await ha.call_service(DOMAIN, "unlock_ports", {"ports": str(port)})
    await _wait_emulator(
        emulator_ctl,
        f"port {port} unlocked",
        lambda s: not any(r["locked"] for r in s["slots"] if r["port"] in port_slots),
    )
    await _wait_state(ha, switch, "on")

    await ha.call_service("switch", "turn_off", target={"entity_id": switch})
    await _wait_state(ha, switch, "off")
    slots = await _slots(emulator_ctl)
    assert all(slots[slot]["locked"] for slot in port_slots)
    await ha.call_service("switch", "turn_on", target={"entity_id": switch})
    await _wait_state(ha, switch, "on")
    slots = await _slots(emulator_ctl)
    assert not any(slots[slot]["locked"] for slot in port_slots)


async def test_reset_ports_and_the_reset_button(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """``reset_ports`` restarts the module: its SIM registers again."""
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    by_action, by_button = sims.port(sims.sender), sims.port(sims.receiver)

    async def registering_pushes(port: int) -> int:
        return sum(
            1
            for push in await emulator_ctl.pushes("port-status")
            if str(push["payload"]["port"]).startswith(f"{port}.")
            and str(push["payload"]["st"]).startswith("2")
        )

    before = await registering_pushes(by_action)
    await ha.call_service(DOMAIN, "reset_ports", {"ports": str(by_action)})

    async def reset_by_action() -> bool:
        return await registering_pushes(by_action) > before

    await poll(reset_by_action, within=10, what=f"port {by_action} to register again")

    before = await registering_pushes(by_button)
    await ha.call_service(
        "button",
        "press",
        target={"entity_id": inventory.port_entity_id(by_button, "button.reset")},
    )

    async def reset_by_button() -> bool:
        return await registering_pushes(by_button) > before

    await poll(reset_by_button, within=10, what=f"port {by_button} to register again")


async def test_switch_sim_and_the_active_slot_select(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """``switch_sim`` (dotted and letter notation) and the active slot select."""
    slots = await _slots(emulator_ctl)

    def with_sim(port: int) -> list[str]:
        return [
            slot
            for slot, row in slots.items()
            if sims.port(slot) == port and row["inserted"]
        ]

    # A usable port with a second SIM to switch to.
    original = next(slot for slot in sims.usable if len(with_sim(sims.port(slot))) > 1)
    port = sims.port(original)
    target = next(slot for slot in with_sim(port) if slot != original)
    letter = f"{port}{chr(ord('A') + int(original.split('.')[1]) - 1)}"  # 2D = 2.04
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    select = inventory.port_entity_id(port, "select.active_slot")

    def active(slot: str) -> Callable[[JSON], bool]:
        return lambda s: any(r["port"] == slot and r["active"] for r in s["slots"])

    try:
        await ha.call_service(DOMAIN, "switch_sim", {"slot": target})
        await _wait_emulator(emulator_ctl, f"{target} active", active(target))
        await _wait_state(ha, select, target)

        await ha.call_service(DOMAIN, "switch_sim", {"slot": letter})
        await _wait_emulator(emulator_ctl, f"{letter} active", active(original))
        await _wait_state(ha, select, original)

        await ha.call_service(
            "select", "select_option", {"option": target}, target={"entity_id": select}
        )
        await _wait_emulator(emulator_ctl, f"{target} active again", active(target))
        await _wait_state(ha, select, target)
    finally:
        await ha.call_service(DOMAIN, "switch_sim", {"slot": original})
    await _wait_emulator(emulator_ctl, f"{original} active again", active(original))
    await _wait_state(ha, select, original)


# --------------------------------------------------------------- gateway


async def test_save_config_and_reboot(
    ha: HassClient,
    gateway: Gateway,
    gateway_emulator: EmulatorInstance,
    emulator_ctl: EmulatorControl,
) -> None:
    """``save_config`` persists the RAM parameters; ``reboot`` restarts the device.

    The buttons do the same. After the reboot the gateway still pushes to the
    webhook (the push settings were saved).
    """
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    number = "+4930" + str(uuid.uuid4().int)[:7]
    await ha.call_service(DOMAIN, "set_sim_number", {"slot": "6.03", "number": number})
    await ha.call_service(DOMAIN, "save_config", {})
    await _wait_emulator(
        emulator_ctl,
        "the saved parameters to contain the new number",
        lambda s: number in s["saved_params"].values(),
    )
    await ha.call_service(
        "button",
        "press",
        target={"entity_id": inventory.gateway_entity_id("button.save_config")},
    )

    reboots = (await emulator_ctl.state())["device"]["reboots"]
    await ha.call_service(DOMAIN, "reboot", {})
    await _wait_emulator(
        emulator_ctl, "a reboot", lambda s: s["device"]["reboots"] == reboots + 1
    )
    await ha.call_service(
        "button",
        "press",
        target={"entity_id": inventory.gateway_entity_id("button.reboot")},
    )
    await _wait_emulator(
        emulator_ctl, "a second reboot", lambda s: s["device"]["reboots"] == reboots + 2
    )
    state = await emulator_ctl.state()
    assert gateway.webhook_url in state["params"].values(), state["params"]
    await ensure_gateway(ha, gateway_emulator, emulator_ctl)


async def test_set_sim_number_and_imei(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """``set_sim_number`` and ``set_imei`` write the slot's parameters.

    An IMEI failing its check digit, or a slot the gateway lacks, is refused.
    """
    slot = sims.spare
    port, slot_number = (int(part) for part in slot.split("."))
    index = (port - 1) * SLOTS_PER_PORT + (slot_number - 1)  # field notes
    inventory = await read_inventory(ha, gateway.entry_id, gateway.mac)
    number = "+4930" + str(uuid.uuid4().int)[:7]
    await ha.call_service(DOMAIN, "set_sim_number", {"slot": slot, "number": number})
    await _wait_emulator(
        emulator_ctl,
        f"sim_number({index})",
        lambda s: s["params"].get(f"sim_number({index})") == number,
    )
    await _wait_state(ha, inventory.slot_entity_id(slot, "sensor.sim_number"), number)

    body = "35" + str(uuid.uuid4().int)[:12]
    imei = body + _luhn_digit(body)
    await ha.call_service(DOMAIN, "set_imei", {"slot": slot, "imei": imei})
    await _wait_emulator(
        emulator_ctl,
        f"sim_imei({index})",
        lambda s: s["params"].get(f"sim_imei({index})") == imei,
    )

    wrong = body + str((int(_luhn_digit(body)) + 1) % 10)
    problems: list[str] = []
    error = await _refused(
        ha, "set_imei", {"slot": slot, "imei": wrong}, "service_validation_error"
    )
    problems += _untranslated(error, wrong)
    error = await _refused(
        ha, "set_imei", {"slot": "9.01", "imei": imei}, "service_validation_error"
    )
    problems += _untranslated(error, "9")
    assert (await emulator_ctl.state())["params"].get(f"sim_imei({index})") == imei
    assert not problems, problems


# ------------------------------------------------------------------- SMS


async def test_sms_tasks_pause_resume_get_and_delete(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """A slow task: paused, listed, resumed and deleted through the actions.

    The spare SIM's port sends it: its 10-minute interval keeps that module busy,
    so no other test sends from there.
    """
    port = sims.port(sims.spare)
    recipients = [f"+1555888{n:04d}" for n in range(4)]
    response = await ha.call_service(
        DOMAIN,
        "send_sms",
        {
            "to": recipients,
            "message": "A slow task",
            "ports": str(port),
            "interval": 600_000,
            "coding": "7bit",
        },
        return_response=True,
    )
    (task,) = response["tasks"]
    tid = task["tid"]
    assert task["status_code"] == 0, response

    paused = await ha.call_service(
        DOMAIN, "pause_sms_tasks", {"tids": [tid]}, return_response=True
    )
    assert [r["tid"] for r in paused["results"]] == [tid]
    assert set(paused["results"][0]) >= {"tid", "status_code", "status"}
    await _wait_emulator(
        emulator_ctl,
        f"task {tid} paused",
        lambda s: any(t["tid"] == tid and t["paused"] for t in s["tasks"]),
    )

    listed = await ha.call_service(
        DOMAIN,
        "get_sms_tasks",
        {"port": port, "include_content": True},
        return_response=True,
    )
    assert listed["total"] >= 1
    assert tid in [t["tid"] for t in listed["tasks"]], listed

    resumed = await ha.call_service(
        DOMAIN, "resume_sms_tasks", {"tids": str(tid)}, return_response=True
    )
    assert [r["tid"] for r in resumed["results"]] == [tid]
    await _wait_emulator(
        emulator_ctl,
        f"task {tid} resumed",
        lambda s: any(t["tid"] == tid and not t["paused"] for t in s["tasks"]),
    )

    deleted = await ha.call_service(
        DOMAIN, "delete_sms_tasks", {"tids": [tid]}, return_response=True
    )
    assert [r["tid"] for r in deleted["results"]] == [tid]
    await _wait_emulator(
        emulator_ctl,
        f"task {tid} deleted",
        lambda s: any(t["tid"] == tid and t["removed"] for t in s["tasks"]),
    )
    # Without tids: every task (here none is left that is not removed).
    everything = await ha.call_service(
        DOMAIN, "pause_sms_tasks", {}, return_response=True
    )
    assert isinstance(everything["results"], list)


async def test_get_inbox_and_statistics(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl, sims: Sims
) -> None:
    """``get_inbox`` decodes messages like the event; statistics have ``stats``."""
    text = f"In the inbox \N{EURO SIGN} {uuid.uuid4().hex[:6]}"
    slot = sims.receiver
    message_id = await emulator_ctl.sms(slot, "+4915199999999", text)
    inbox = await ha.call_service(
        DOMAIN, "get_inbox", {"start_id": 1, "count": 0}, return_response=True
    )
    assert "next_id" in inbox, inbox
    assert inbox["next_id"] > message_id
    (message,) = [m for m in inbox["messages"] if m.get("text") == text]
    assert message["slot"] == slot
    assert message["port"] == sims.port(slot)
    assert message["slot_index"] == int(slot.split(".")[1])
    assert message["sender"] == "+4915199999999"
    assert message["received_at"]

    for service in ("get_sms_statistics", "get_call_statistics"):
        for data in (
            {},
            {"ports": "1-2", "period": "cumulative"},
            {"ports": "all", "period": "today"},
        ):
            stats = await ha.call_service(DOMAIN, service, data, return_response=True)
            assert isinstance(stats["stats"], list), (service, data, stats)
            assert stats["stats"], (service, data, stats)


async def test_send_mms_with_an_allowed_attachment(
    ha: HassClient,
    gateway: Gateway,
    ha_process: HassInstance,
    emulator_ctl: EmulatorControl,
    sims: Sims,
) -> None:
    """``send_mms`` reads attachments from allow-listed folders only."""
    await emulator_ctl.configure(mms_url=gateway.webhook_url)
    picture = ha_process.config_dir / "outgoing" / "pixel.gif"
    await asyncio.to_thread(picture.write_bytes, GIF_1PX)
    own_number = sims.numbers[sims.receiver]
    received = await ha.subscribe_events("ejoin_mms_received")
    subject = f"MMS {uuid.uuid4().hex[:6]}"

    response = await ha.call_service(
        DOMAIN,
        "send_mms",
        {
            "to": [own_number],
            "subject": subject,
            "message": "with a picture",
            "attachments": [str(picture)],
            "ports": str(sims.port(sims.sender)),
        },
        return_response=True,
    )
    (task,) = response["tasks"]
    assert task["status_code"] == 0, response
    (mms,) = await received.wait_for(lambda d: d.get("subject") == subject)
    sizes = [a["size"] for a in mms["attachments"]]
    assert len(GIF_1PX) in sizes, mms

    error = await _refused(
        ha,
        "send_mms",
        {"to": [own_number], "subject": "no", "attachments": ["/etc/hostname"]},
        "service_validation_error",
        response=True,
    )
    problems = _untranslated(error, "/etc/hostname")
    assert not problems, problems


# ----------------------------------------------------------------- errors


async def test_refusals(
    ha: HassClient, gateway: Gateway, emulator_ctl: EmulatorControl
) -> None:
    """Schema errors, input that does not fit the gateway, and device refusals."""
    problems: list[str] = []
    await _refused(
        ha,
        "send_sms",
        {"to": "+15550100", "message": "x", "coding": "klingon"},
        "invalid_format",
        response=True,
    )
    await _refused(ha, "lock_ports", {}, "invalid_format")

    error = await _refused(
        ha, "switch_sim", {"slot": "9.01"}, "service_validation_error"
    )
    problems += _untranslated(error, "9")
    error = await _refused(
        ha, "lock_ports", {"ports": "3.07"}, "service_validation_error"
    )
    problems += _untranslated(error, "3.07")

    await emulator_ctl.configure(max_queued_tasks=0)
    try:
        error = await _refused(
            ha,
            "send_sms",
            {"to": "+15550100", "message": "refused"},
            "home_assistant_error",
            response=True,
        )
    finally:
        await emulator_ctl.configure(max_queued_tasks=128)
    problems += _untranslated(error)
    assert not problems, problems


@pytest.fixture
async def second_gateway(
    ha: HassClient, gateway: Gateway, e2e_dir: Path
) -> AsyncIterator[str]:
    """A second emulated gateway (another MAC), configured; removed afterwards."""
    other = EmulatorInstance.create(e2e_dir, ports=2, slots=2, seed=7)
    other.start()
    entry_id = ""
    try:
        flow = await ha.start_flow(DOMAIN)
        result = await ha.flow_step(flow["flow_id"], other.user_input())
        assert result["type"] == "create_entry", result
        entry_id = result["result"]["entry_id"]
        yield entry_id
    finally:
        if entry_id:
            await ha.remove_entry(entry_id)
        other.process.stop()


async def test_two_gateways_need_a_config_entry_id(
    ha: HassClient, gateway: Gateway, second_gateway: str, emulator_ctl: EmulatorControl
) -> None:
    """Without ``config_entry_id`` an action cannot choose between two gateways."""
    error = await _refused(ha, "reboot", {}, "service_validation_error")
    # Home Assistant's own check (service.async_get_config_entry) and message.
    assert not _untranslated(error, DOMAIN, domain="homeassistant")
    reboots = (await emulator_ctl.state())["device"]["reboots"]
    await ha.call_service(
        DOMAIN, "lock_ports", {"config_entry_id": gateway.entry_id, "ports": "7.04"}
    )
    await ha.call_service(
        DOMAIN, "unlock_ports", {"config_entry_id": gateway.entry_id, "ports": "7.04"}
    )
    assert (await emulator_ctl.state())["device"]["reboots"] == reboots

    # Each gateway's entity ids carry its name ("Ejoin 8475", from the MAC of seed
    # 7), so the second one's do not collide with the first's (no "_2" suffix).
    async def second_ids() -> list[str] | None:
        ids = [
            str(entity["entity_id"])
            for entity in await ha.entities()
            if entity.get("config_entry_id") == second_gateway
        ]
        return ids if len(ids) >= 3 + 2 * 3 + 2 * 2 * 10 else None

    ids = await poll(second_ids, within=30, what="the second gateway's entities")
    for entity_id in ids:
        assert entity_id.split(".", 1)[1].startswith("ejoin_8475_"), entity_id
        assert not entity_id.endswith("_2"), entity_id
    assert "sensor.ejoin_8475_port_2_slot_01_status" in ids
