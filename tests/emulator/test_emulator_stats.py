"""``goip_get_sms_stat.html`` and ``goip_get_call_stat.html``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
import pytest

from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator

SMS_KEYS = {
    "port",
    "slot",
    "received",
    "sent",
    "sent_ok",
    "sent_failed",
    "con_failed",
    "unsent",
    "sending",
}
CALL_KEYS = {
    "port",
    "slot",
    "calls",
    "alerted",
    "connected",
    "con_failed",
    "nc",
    "pdd",
    "acd",
    "asr",
    "tcd",
    "act_tcd",
}


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


async def test_sms_statistics_count_what_happened(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    await device.post(
        "goip_post_sms.html",
        {
            "tasks": [
                {"tid": 1, "from": "1", "to": "+491,0001,0002,+155500501", "sms": "x"}
            ]
        },
    )
    task = emulator.gateway.task(1)
    assert task is not None
    await emulator.wait_for(lambda: not task.active)
    await emulator.wait_for(lambda: bool(emulator.gateway.inbox))
    emulator.inject_sms("1.02", "+1", "to an idle slot")

    current = await device.get("goip_get_sms_stat.html")
    assert current["code"] == 200
    assert current["count"] == 8
    assert [(row["port"], row["slot"]) for row in current["stats"]][:3] == [
        (1, 1),
        (2, 3),
        (3, 4),
    ]
    assert set(current["stats"][0]) == SMS_KEYS
    port1 = current["stats"][0]
    assert (port1["sent"], port1["sent_ok"], port1["sent_failed"]) == (4, 2, 2)
    assert port1["con_failed"] == 0  # the last one succeeded
    assert (port1["unsent"], port1["sending"]) == (0, 0)

    rows = (
        await device.get("goip_get_sms_stat.html", ports="1,5", slots="all", type=3)
    )["stats"]
    assert len(rows) == 8
    received = {(row["port"], row["slot"]): row["received"] for row in rows}
    assert received[1, 2] == 1
    assert received[5, 1] == 1
    listed = await device.get("goip_get_sms_stat.html", ports="1-2", slots="1-2,4")
    assert [(row["port"], row["slot"]) for row in listed["stats"]] == [
        (1, 1), (1, 2), (1, 4), (2, 1), (2, 2), (2, 4),
    ]  # fmt: skip
    assert (await device.get("goip_get_sms_stat.html", ports="12"))["code"] == 2
    assert (await device.get("goip_get_sms_stat.html", type=9))["code"] == 15


async def test_consecutive_failures_and_queue(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.configure(send_time=0.2)
    await device.post(
        "goip_post_sms.html",
        {"tasks": [{"tid": 1, "from": "2", "to": "0001,0002,3", "sms": "x"}]},
    )
    await emulator.wait_for(lambda: emulator.gateway.tasks.lane(2).inflight is not None)
    row = (await device.get("goip_get_sms_stat.html", ports="2"))["stats"][0]
    assert (row["sending"], row["unsent"]) == (1, 2)
    task = emulator.gateway.task(1)
    assert task is not None
    await emulator.wait_for(lambda: task.failed == 2)
    row = (await device.get("goip_get_sms_stat.html", ports="2"))["stats"][0]
    assert row["con_failed"] == 2


async def test_call_statistics(device: DeviceCaller) -> None:
    reply = await device.get(
        "goip_get_call_stat.html", ports="1-2", slots="1,2", type=3
    )
    assert reply["code"] == 200
    assert reply["count"] == 4
    for row in reply["stats"]:
        assert set(row) == CALL_KEYS
        connected, calls = (int(part) for part in row["nc"].split("/"))
        assert (connected, calls) == (row["connected"], row["calls"])
        assert row["con_failed"] == row["calls"] - row["connected"]
        assert 0 <= row["asr"] <= 100
    hour = await device.get("goip_get_call_stat.html", ports="1-2", slots="1,2", type=0)
    assert sum(r["calls"] for r in hour["stats"]) <= sum(
        r["calls"] for r in reply["stats"]
    )
    assert (await device.get("goip_get_call_stat.html", type=5))["code"] == 15
    assert (await device.get("goip_get_call_stat.html", ports="x"))["code"] == 2
