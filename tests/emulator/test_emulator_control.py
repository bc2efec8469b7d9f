"""The control API (``/_emulator/``): state changes, offline mode and faults."""

from __future__ import annotations

import asyncio
import base64
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from emulator import running_emulator
from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator
    from emulator.testing import PushReceiver


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


async def control(
    device: DeviceCaller, name: str, body: Any = None, *, expect: int = 200
) -> Any:
    async with device.session.post(
        device.emulator.url(f"/_emulator/{name}"), json=body
    ) as response:
        assert response.status == expect, await response.text()
        return await response.json()


async def test_control_sms_and_state(device: DeviceCaller) -> None:
    reply = await control(device, "sms", {"slot": "2C", "sender": "+49", "text": "hi"})
    assert reply == {"ok": True, "id": 1}
    await control(
        device,
        "sms",
        {"slot": "2.03", "sender": "+1", "text": "", "delivery_report": True},
    )
    async with device.session.get(device.emulator.url("/_emulator/state")) as response:
        state = await response.json()
    assert [item["row"][0] for item in state["inbox"]] == [0, 1]
    assert state["device"]["mac"] == device.emulator.gateway.mac
    assert len(state["slots"]) == 32
    assert state["options"]["auth_error"] == "http"
    await device.get("goip_get_sms.html")
    async with device.session.get(device.emulator.url("/_emulator/state")) as response:
        state = await response.json()
    assert state["request_counts"] == {"goip_get_sms.html": 1}
    await control(device, "clear-log")
    assert device.emulator.state()["request_counts"] == {}


async def test_control_port_changes_state_and_pushes(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await device.get("goip_get_status.html", url=push_receiver.url(), period=3600)
    reply = await control(
        device,
        "port",
        {"slot": "1.01", "st": 6, "sig": 5, "bal": 1.5, "opr": "26201 Telekom.de"},
    )
    assert reply == {"ok": True, "slot": "1.01", "st": 6}
    pushed = await push_receiver.wait_type("port-status")
    assert pushed["st"] == "6 Register Failed"
    await control(device, "port", {"slot": "1.01", "st": 3})
    row = (await device.get("goip_get_status.html"))["status"][0]
    assert (row["st"], row["sig"], row["bal"], row["opr"]) == (
        3,
        5,
        "1.50",
        "26201 Telekom.de",
    )
    await control(
        device,
        "port",
        {
            "slot": "3B",
            "inserted": True,
            "active": True,
            "number": "+4930123",
            "tot_dur": "10/100",
            "imei": "356938035643809",
        },
    )
    rows = (await device.get("goip_get_status.html"))["status"]
    port3 = rows[2]
    assert port3["port"] == "3.02"
    assert (port3["st"], port3["sn"], port3["tot_dur"]) == (3, "+4930123", "10/100")
    assert port3["imei"] == "356938035643809"
    await control(device, "port", {"slot": "3B", "registering": True})
    assert emulator.gateway.slot_st(emulator.gateway.slot_state(3, 2)) == 2
    await control(device, "port", {"slot": "3B", "inserted": False})
    assert emulator.gateway.slot_st(emulator.gateway.slot_state(3, 2)) == 0


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("port", {"st": 3}),
        ("port", {"slot": "9.01"}),
        ("port", {"slot": "1.01", "colour": "red"}),
        ("sms", {"sender": "+1"}),
        (
            "mms",
            {"sender": "+1", "attachments": [{"filename": "a", "data_base64": "!"}]},
        ),
        ("offline", {"mode": "sideways"}),
        ("fault", {"mode": "fire"}),
        ("config", {"auth_error": "basic"}),
        ("config", {"nope": 1}),
        ("config", [1, 2]),
    ],
)
async def test_control_rejects_bad_input(
    device: DeviceCaller, name: str, body: Any
) -> None:
    reply = await control(device, name, body, expect=400)
    assert reply["ok"] is False
    assert reply["error"]


async def test_control_bad_json(device: DeviceCaller) -> None:
    async with device.session.post(
        device.emulator.url("/_emulator/config"), data=b"{"
    ) as response:
        assert response.status == 400


async def test_control_config_reboot_push_and_mms(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    reply = await control(
        device,
        "config",
        {"mms_url": push_receiver.url("/mms"), "slot_key_style": "max-slots"},
    )
    assert reply["options"]["slot_key_style"] == "max-slots"
    assert "max-slots" in await device.get("goip_get_status.html")
    assert (await control(device, "push-status")) == {"ok": True, "pushed": False}
    await device.get("goip_get_status.html", url=push_receiver.url("/st"), period=3600)
    assert (await control(device, "push-status"))["pushed"] is True
    reply = await control(
        device,
        "mms",
        {
            "slot": "1.01",
            "sender": "+1",
            "recipient": "+2",
            "subject": "s",
            "text": "t",
            "attachments": [
                {
                    "filename": "a.txt",
                    "content_type": "text/plain",
                    "data_base64": base64.b64encode(b"abc").decode(),
                }
            ],
        },
    )
    assert reply == {"ok": True, "dropped": None}
    await push_receiver.wait_for(lambda item: item.path == "/mms")
    ssrc = emulator.gateway.ssrc
    reply = await control(device, "reboot", {})
    assert reply["ssrc"] != ssrc
    await control(device, "flush-reports")


async def test_offline_refuse_and_online(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    await device.get("goip_get_status.html", url=push_receiver.url(), period=3600)
    await control(device, "offline", {"mode": "refuse"})
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await device.get("goip_get_status.html")
    # While offline nothing is pushed.
    emulator.set_slot("1.01", sig=7)
    assert emulator.pushes("port-status")[-1].dropped == "offline"
    # The control API still answers.
    await control(device, "online")
    assert (await device.get("goip_get_status.html"))["type"] == "dev-status"


async def test_offline_for_some_seconds(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.go_offline(seconds=0.3)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await device.get("goip_get_sms.html")
    await asyncio.sleep(0.4)
    assert (await device.get("goip_get_sms.html"))["code"] == 0
    emulator.reboot(downtime=0.2)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await device.get("goip_get_sms.html")
    await emulator.wait_for(lambda: emulator.gateway.offline_mode is None)


async def test_offline_hang(device: DeviceCaller, emulator: RunningEmulator) -> None:
    await control(device, "offline", {"mode": "hang"})
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.3):
            await device.get("goip_get_status.html")
    # A request that hangs is answered once the device is back.
    pending = asyncio.create_task(device.get("goip_get_sms.html"))
    await asyncio.sleep(0.1)
    assert not pending.done()
    emulator.go_online()
    assert (await pending)["code"] == 0


async def test_faults(device: DeviceCaller, emulator: RunningEmulator) -> None:
    await control(device, "fault", {"mode": "http500", "count": 1})
    status, body = await device.call("goip_get_status.html")
    assert status == 500
    assert (await device.get("goip_get_status.html"))["type"] == "dev-status"

    emulator.set_fault("garbage")
    for _ in range(2):
        status, body = await device.call("goip_get_sms.html")
        assert status == 200
        assert isinstance(body, str)
    await control(device, "fault", {"mode": "none"})
    assert (await device.get("goip_get_sms.html"))["code"] == 0

    await control(device, "fault", {"mode": "slow", "delay": 0.3, "count": 1})
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.15):
            await device.get("goip_get_status.html")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await device.get("goip_get_status.html")
    assert loop.time() - started < 0.25
    # Faults do not touch the control API.
    emulator.set_fault("http500")
    await control(device, "clear-log")


async def test_failed_pushes_are_recorded(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    push_receiver.status = 500
    await device.get("goip_get_status.html", url=push_receiver.url(), period=3600)
    push = await emulator.wait_for_push("dev-status")
    assert push.status == 500
    await device.get(
        "goip_get_status.html", url="http://127.0.0.1:1/closed", period=3600
    )
    push = await emulator.wait_for_push(
        "dev-status", lambda p: p.url.endswith("closed")
    )
    assert push.error is not None
    assert push.outcome == "failed"
    summary = emulator.state()["pushes"][-1]
    assert summary["type"] == "dev-status"
    assert summary["error"]
    assert summary["outcome"] == "failed"


@pytest.mark.parametrize("status", [400, 404, 410, 500, 503])
async def test_a_push_answered_with_an_error_fails_and_is_not_sent_again(
    device: DeviceCaller,
    emulator: RunningEmulator,
    push_receiver: PushReceiver,
    status: int,
) -> None:
    push_receiver.status = status
    await device.get("goip_get_status.html", url=push_receiver.url(), period=3600)
    failed = await emulator.wait_for_push("dev-status")
    assert (failed.status, failed.error, failed.outcome) == (
        status,
        f"HTTP {status}",
        "failed",
    )
    push_receiver.status = 200
    emulator.push_status()
    await emulator.settle()
    # Pushes go out in order: had the first been sent again, it would be here.
    assert len(push_receiver.requests) == 2
    summaries = emulator.state()["pushes"]
    assert [(s["status"], s["outcome"]) for s in summaries] == [
        (status, "failed"),
        (200, "delivered"),
    ]


async def test_pushes_can_require_http_200(
    device: DeviceCaller, emulator: RunningEmulator, push_receiver: PushReceiver
) -> None:
    push_receiver.status = 202
    await device.get("goip_get_status.html", url=push_receiver.url(), period=3600)
    accepted = await emulator.wait_for_push("dev-status")
    assert (accepted.status, accepted.error, accepted.outcome) == (
        202,
        None,
        "delivered",
    )
    emulator.configure(push_require_200=True)
    refused = emulator.push_status()
    assert refused is not None
    assert refused.outcome == "pending"
    await emulator.settle()
    assert (refused.status, refused.error, refused.outcome) == (
        202,
        "HTTP 202",
        "failed",
    )
    assert len(push_receiver.requests) == 2


async def test_a_push_cut_off_by_shutdown_is_recorded_as_dropped(
    socket_enabled: None,
) -> None:
    """Every push ends with an outcome, also the one being sent at shutdown."""
    arrived, release = asyncio.Event(), asyncio.Event()

    async def never_answer(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        await reader.readline()
        arrived.set()
        await release.wait()
        writer.close()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        async with running_emulator(seed=1) as emulator:
            emulator.gateway.get_status(url=f"http://127.0.0.1:{port}/", period=60)
            queued = emulator.push_status()
            await asyncio.wait_for(arrived.wait(), 5)
        release.set()
    pushes = emulator.pushes("dev-status")
    assert [push.outcome for push in pushes] == ["dropped", "dropped"]
    assert queued is pushes[1]
    assert {push.dropped for push in pushes} == {"stopped"}


async def test_signals_drift_without_pushes(emulator: RunningEmulator) -> None:
    """Every SIM's signal moves; the gateway reports it in its status only."""
    before = {(s.port, s.slot): s.sig for s in emulator.gateway.modules.slots}
    pushes = len(emulator.pushes())
    async with (
        aiohttp.ClientSession() as session,
        session.post(emulator.url("/_emulator/signals"), json={"delta": 3}) as answer,
    ):
        body = await answer.json()
    assert body["moved"] == len(before)
    after = {(s.port, s.slot): s.sig for s in emulator.gateway.modules.slots}
    assert all(after[key] != before[key] or before[key] > 31 for key in before)
    assert all(1 <= sig <= 31 for sig in after.values())
    assert len(emulator.pushes()) == pushes
