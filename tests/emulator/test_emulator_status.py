"""``goip_get_status.html`` and the status pushes, over real loopback HTTP."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import aiohttp
import pytest

from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator
    from emulator.testing import PushReceiver

FULL_KEYS = {
    "port",
    "sim",
    "seq",
    "st",
    "imei",
    "iccid",
    "imsi",
    "sn",
    "opr",
    "bal",
    "sig",
    "active",
    "inserted",
    "slot_active",
    "led",
    "tot_dur",
    "mon_dur",
    "day_dur",
}
REDUCED_KEYS = {"port", "sim", "seq", "st", "imei"}


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


async def test_polled_dev_status(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    status = await device.get("goip_get_status.html")
    assert status["type"] == "dev-status"
    assert status["expires"] == -1
    assert status["mac"] == emulator.gateway.mac
    assert re.fullmatch(r"00-30-f1(-[0-9a-f]{2}){3}", status["mac"])
    assert status["ip"] == "127.0.0.1"
    assert status["ver"]
    assert status["max-ports"] == 8
    assert status["max-slot"] == 4
    assert "max-slots" not in status
    rows = status["status"]
    assert [row["port"] for row in rows] == [
        "1.01", "2.03", "3.04", "4.03", "5.01", "6.03", "7.02", "8.01",
    ]  # fmt: skip
    first = rows[0]
    assert set(first) == FULL_KEYS
    assert first["st"] == 3
    assert isinstance(first["bal"], str)
    assert re.fullmatch(r"\d+\.\d\d", first["bal"])
    assert re.fullmatch(r"\d+ \S.*", first["opr"])
    assert 0 <= first["sig"] <= 31
    assert first["active"] == first["inserted"] == first["slot_active"] == 1
    assert re.fullmatch(r"\d+/-?\d+", first["tot_dur"])
    assert rows[3]["st"] == 6  # register failed
    assert rows[3]["opr"] == "0 "
    assert rows[3]["sig"] == 99
    assert set(rows[-1]) == REDUCED_KEYS  # port 8 has no SIM
    assert rows[-1]["st"] == 0
    again = await device.get("goip_get_status.html")
    assert again["seq"] == status["seq"] + 1


async def test_all_slots_and_empty_slot_styles(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    rows = (await device.get("goip_get_status.html", all_slots=1))["status"]
    assert len(rows) == 32
    by_port = {row["port"]: row for row in rows}
    assert set(by_port["3.02"]) == REDUCED_KEYS
    assert by_port["2.04"]["st"] == 12  # locked (and empty)
    assert by_port["1.02"]["st"] == 1  # idle SIM, not the active slot
    assert by_port["1.02"]["active"] == 0
    # All slots of one port report the module's IMEI.
    assert len({by_port[f"1.0{slot}"]["imei"] for slot in range(1, 5)}) == 1

    emulator.configure(empty_slots="omit")
    rows = (await device.get("goip_get_status.html", all_slots=1))["status"]
    assert all(row["inserted"] == 1 for row in rows)
    assert "3.02" not in {row["port"] for row in rows}
    default = (await device.get("goip_get_status.html"))["status"]
    assert "8.01" not in {row["port"] for row in default}

    emulator.configure(empty_slots="full")
    rows = (await device.get("goip_get_status.html", all_slots=1))["status"]
    assert all(set(row) == FULL_KEYS for row in rows)


async def test_all_sims_lists_inserted_slots(device: DeviceCaller) -> None:
    rows = (await device.get("goip_get_status.html", all_sims=1))["status"]
    assert rows
    assert all(row["inserted"] == 1 for row in rows)
    assert len(rows) < 32


async def test_field_variants(device: DeviceCaller, emulator: RunningEmulator) -> None:
    emulator.configure(
        slot_key_style="max-slots",
        slot_count_as_string=True,
        status_port_style="letter",
    )
    status = await device.get("goip_get_status.html")
    assert status["max-slots"] == "4"
    assert "max-slot" not in status
    assert status["status"][0]["port"] == "1A"
    assert status["status"][1]["port"] == "2C"


async def test_plain_text_status(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.configure(plain_text_status=True)
    status, body = await device.call("goip_get_status.html")
    assert status == 200
    assert isinstance(body, str)
    lines = body.strip().splitlines()
    assert len(lines) == 8
    fields = dict(item.split("=", 1) for item in lines[0].split(";"))
    assert fields["port"] == "1"
    assert fields["st"] == "3 Registered"
    assert fields["sn"] == "+155500101"
    _, slot_body = await device.call("goip_get_status.html", params={"all_slots": 1})
    assert "port=1.02;" in slot_body


async def test_status_push_registration(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    url = push_receiver.url("/status")
    polled = await device.get("goip_get_status.html", url=url, period=0.3)
    assert polled["expires"] == -1
    pushed = await push_receiver.wait_type("dev-status")
    assert pushed["expires"] == 0.3
    assert pushed["mac"] == polled["mac"]
    # Periodic pushes follow.
    await push_receiver.wait_for(
        lambda _: len(push_receiver.of_type("dev-status")) >= 3
    )
    received = push_receiver.requests[0]
    assert received.method == "POST"
    assert received.path == "/status"
    assert received.headers["Content-Type"] == "application/json;charset=utf-8"

    await device.get("goip_get_status.html", url=url, period=0)
    assert emulator.gateway.status_registration is None
    count = len(push_receiver.requests)
    await device.post(
        "goip_send_cmd.html", {"type": "command", "op": "lock", "ports": "1"}
    )
    await emulator.settle()
    assert len(push_receiver.requests) == count


async def test_default_period_and_period_update(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await device.get("goip_get_status.html", url=push_receiver.url())
    registration = emulator.gateway.status_registration
    assert registration is not None
    assert registration.period == 60
    await device.get("goip_get_status.html", period=120)
    assert registration.period == 120
    assert emulator.push_status() is not None
    pushed = await push_receiver.wait_type("dev-status", lambda p: p["expires"] == 120)
    assert pushed["status"]
