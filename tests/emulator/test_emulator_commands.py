"""``goip_send_cmd.html``: commands, parameters and their ``port-status`` pushes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator
    from emulator.testing import PushReceiver

VALID_IMEI = "490154203237518"


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


@pytest.fixture
async def watched(device: DeviceCaller, push_receiver: PushReceiver) -> DeviceCaller:
    """A device whose status pushes go to the receiver (initial push consumed)."""
    await device.get("goip_get_status.html", url=push_receiver.url("/st"), period=3600)
    await push_receiver.wait_type("dev-status")
    push_receiver.requests.clear()
    return device


async def command(device: DeviceCaller, **body: Any) -> Any:
    return await device.post("goip_send_cmd.html", {"type": "command", **body})


def port_pushes(receiver: PushReceiver) -> list[tuple[str, str]]:
    return [(p["port"], p["st"]) for p in receiver.of_type("port-status")]


async def test_lock_and_unlock_a_whole_port(
    watched: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    assert await command(watched, op="lock", ports="1") == {"code": 200, "reason": "OK"}
    gateway = emulator.gateway
    assert all(gateway.slot_state(1, slot).locked for slot in range(1, 5))
    await push_receiver.wait_for(lambda _: len(port_pushes(push_receiver)) == 4)
    assert port_pushes(push_receiver) == [
        (f"1.0{slot}", "12 User Locked") for slot in range(1, 5)
    ]
    push = push_receiver.of_type("port-status")[0]
    assert push["status"] == push["st"]
    for key in ("seq", "bal", "opr", "sn", "imei", "imsi", "iccid", "sig"):
        assert key in push
    rows = (await watched.get("goip_get_status.html"))["status"]
    assert rows[0]["st"] == 12
    assert rows[0]["slot_active"] == 0

    push_receiver.requests.clear()
    await command(watched, op="unlock", ports="1A")
    await push_receiver.wait_type("port-status", lambda p: p["st"] == "3 OK")
    assert port_pushes(push_receiver) == [("1.01", "2 Registering"), ("1.01", "3 OK")]
    assert gateway.slot_state(1, 2).locked


async def test_switch_to_another_slot(
    watched: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await command(watched, op="switch", ports="5C")
    assert emulator.gateway.port_state(5).active_slot == 3
    await push_receiver.wait_type("port-status", lambda p: p["st"] == "3 OK")
    assert port_pushes(push_receiver) == [
        ("5.01", "1 Idle"),
        ("5.03", "2 Registering"),
        ("5.03", "3 OK"),
    ]
    await command(watched, op="switch", ports="5.01")
    assert emulator.gateway.port_state(5).active_slot == 1
    # A bare port switches to its next slot.
    await command(watched, op="switch", ports="5")
    assert emulator.gateway.port_state(5).active_slot == 2


async def test_reset_restarts_the_module(
    watched: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await command(watched, op="reset", ports="6.01")  # only the port counts
    state = emulator.gateway.slot_state(6, 3)
    assert emulator.gateway.slot_st(state) == 2
    await push_receiver.wait_type("port-status", lambda p: p["st"] == "3 OK")
    assert port_pushes(push_receiver) == [("6.03", "2 Registering"), ("6.03", "3 OK")]


async def test_multiple_is_checked_before_anything_is_applied(
    watched: DeviceCaller, emulator: RunningEmulator
) -> None:
    gateway = emulator.gateway
    reply = await command(
        watched,
        op="multiple",
        ops=[{"op": "lock", "ports": "1A"}, {"op": "switch", "ports": "9B"}],
    )
    assert reply == {"code": 2, "reason": "Invalid Port"}
    assert not gateway.slot_state(1, 1).locked
    reply = await command(
        watched,
        op="multiple",
        ops=[
            {"op": "lock", "ports": "1A,2B"},
            {"op": "switch", "ports": "3A"},
            {"op": "ledon", "ports": "4"},
        ],
    )
    assert reply["code"] == 200
    assert gateway.slot_state(1, 1).locked
    assert gateway.slot_state(2, 2).locked
    assert gateway.port_state(3).active_slot == 1
    assert gateway.slot_state(4, 4).led == 1
    # The document's example: op=lock carrying an (ignored) ops array.
    reply = await command(
        watched, op="lock", ports="6-7", ops=[{"op": "switch", "ports": "6A"}]
    )
    assert reply["code"] == 200
    assert gateway.port_state(6).active_slot == 3
    assert gateway.slot_state(7, 4).locked


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"op": "explode", "ports": "1"}, 15),
        ({"op": "multiple"}, 15),
        ({"op": "multiple", "ops": ["lock"]}, 15),
        ({"op": "lock"}, 2),
        ({"op": "lock", "ports": "1.09"}, 2),
        ({"op": "unlock", "ports": "nine"}, 2),
    ],
)
async def test_command_errors(
    device: DeviceCaller, body: dict[str, Any], code: int
) -> None:
    reply = await command(device, **body)
    assert reply["code"] == code


async def test_command_variants(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    # GET form with op and ports in the query.
    reply = await device.get("goip_send_cmd.html", op="lock", ports="all")
    assert reply["code"] == 200
    assert emulator.gateway.slot_state(8, 4).locked
    emulator.configure(command_ok_code=0)
    assert await command(device, op="unlock", ports="*") == {"code": 0, "reason": "OK"}
    status, reply = await device.call(
        "goip_send_cmd.html", method="POST", data="{broken"
    )
    assert (status, reply["code"]) == (200, 15)
    assert (await device.get("goip_send_cmd.html"))["code"] == 15


async def test_set_get_save_and_reboot(
    watched: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    gateway = emulator.gateway
    body = (
        f"sim_imei(21)={VALID_IMEI}&sim_number(5)=%2B4917012345"
        "&Sms_url=http://127.0.0.1:1/sms&sim_imei(2)=123&sim_number(32)=1"
    )
    status, reply = await watched.call(
        "goip_send_cmd.html",
        method="POST",
        params={"op": "set"},
        data=body,
        headers={"Content-Type": "text/plain"},
    )
    assert status == 200
    # Bad IMEI and index 32 (beyond 8 x 4 slots) are not counted.
    assert reply == {"code": 0, "reason": "OK", "par_set": 3}
    # n = (port-1) * slots + (slot-1): 21 is 6B, 5 is 2B.
    assert gateway.slot_imei(gateway.slot_state(6, 2)) == VALID_IMEI
    assert gateway.slot_imei(gateway.slot_state(6, 1)) != VALID_IMEI
    assert gateway.slot_sn(gateway.slot_state(2, 2)) == "+4917012345"
    await push_receiver.wait_for(lambda _: len(port_pushes(push_receiver)) == 2)
    pushed = {p["port"]: p for p in push_receiver.of_type("port-status")}
    assert pushed["6.02"]["imei"] == VALID_IMEI
    assert pushed["2.02"]["sn"] == "+4917012345"
    rows = (await watched.get("goip_get_status.html", all_slots=1))["status"]
    assert next(r for r in rows if r["port"] == "6.02")["imei"] == VALID_IMEI

    reply = await watched.get(
        "goip_send_cmd.html",
        op="get",
        **{"par_name(0)": "Sms_url", "par_name(1)": "sim_imei(21)", "par_name(2)": "x"},
    )
    assert reply["code"] == 0
    assert reply["params"] == {
        "Sms_url": "http://127.0.0.1:1/sms",
        "sim_imei(21)": VALID_IMEI,
        "x": "",
    }
    assert reply["Sms_url"] == "http://127.0.0.1:1/sms"
    assert reply["par_get"] == 2

    # Query-style set: par_name(i)/par_value(i).
    reply = await watched.get(
        "goip_send_cmd.html",
        op="set",
        **{"par_name(0)": "Sr_url", "par_value(0)": "http://127.0.0.1:1/sr"},
    )
    assert reply["par_set"] == 1
    assert gateway.param("sr_url") == "http://127.0.0.1:1/sr"

    assert (await command(watched, op="save"))["code"] == 200
    assert gateway.saved_param("Sms_url") == "http://127.0.0.1:1/sms"
    await watched.call(
        "goip_send_cmd.html",
        method="POST",
        params={"op": "set"},
        data="Sms_url=http://127.0.0.1:1/unsaved&sim_number(5)=+0",
    )
    assert gateway.param("Sms_url") == "http://127.0.0.1:1/unsaved"
    ssrc = gateway.ssrc
    assert (await command(watched, op="reboot"))["code"] == 200
    assert gateway.ssrc != ssrc
    assert gateway.param("Sms_url") == "http://127.0.0.1:1/sms"
    assert gateway.slot_sn(gateway.slot_state(2, 2)) == "+4917012345"
    # The status push registration survives; modules register again.
    assert gateway.status_registration is not None
    await push_receiver.wait_type(
        "port-status", lambda p: p["port"] == "1.01" and p["st"] == "3 OK"
    )
