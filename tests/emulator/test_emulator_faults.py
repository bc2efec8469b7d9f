"""The fault modes that break a reply after the request took effect, and HTML."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import aiohttp
import pytest

from emulator.device.faults import FAULT_MODES
from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


def _task(tid: int) -> dict[str, object]:
    return {
        "type": "send-sms",
        "task_num": 1,
        "tasks": [{"tid": tid, "to": "1", "sms": "x"}],
    }


async def test_truncated_reply_is_malformed_json(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """The first half of the real reply: it starts like JSON and breaks off."""
    emulator.set_fault("truncated", count=1)
    status, body = await device.call("goip_get_status.html")
    assert status == 200
    assert isinstance(body, str)
    assert body.startswith("{")
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    # Only one request was broken.
    assert (await device.get("goip_get_status.html"))["type"] == "dev-status"


async def test_html_page(device: DeviceCaller, emulator: RunningEmulator) -> None:
    """HTTP 200 with a proxy's HTML page instead of the device's reply."""
    emulator.set_fault("html")
    for path in ("goip_get_status.html", "goip_get_sms.html"):
        async with device.session.get(
            emulator.url(f"/{path}"), params=device.credentials
        ) as response:
            assert response.status == 200
            assert response.content_type == "text/html"
            text = await response.text()
        assert text.startswith("<!DOCTYPE html>")
        assert "=" in text
    emulator.set_fault("none")
    assert (await device.get("goip_get_sms.html"))["code"] == 0


async def test_drop_takes_effect_but_loses_the_reply(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """The task is queued, the client sees the connection close unanswered."""
    emulator.set_fault("drop", count=1)
    with pytest.raises(aiohttp.ClientError):
        await device.post("goip_post_sms.html", _task(7))
    assert emulator.gateway.task(7) is not None
    # The same task again: the device already has that id.
    reply = await device.post("goip_post_sms.html", _task(7))
    assert reply["status"][0]["status"].startswith("13 ")


async def test_reboot_mid_request(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """The device reboots while answering: the task is lost with the reboot."""
    ssrc = emulator.gateway.ssrc
    emulator.set_fault("reboot", delay=0, count=1)
    with pytest.raises(aiohttp.ClientError):
        await device.post("goip_post_sms.html", _task(8))
    assert emulator.gateway.reboots == 1
    assert emulator.gateway.ssrc != ssrc
    assert emulator.gateway.task(8) is None
    # No downtime: once port 1 has registered again, the task is accepted afresh.
    gateway = emulator.gateway
    await emulator.wait_for(
        lambda: gateway.usable(gateway.slot_state(1, gateway.port_state(1).active_slot))
    )
    reply = await device.post("goip_post_sms.html", _task(8))
    assert reply["status"][0]["status"] == "0 OK"


async def test_reboot_with_downtime(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """With a downtime the device refuses connections until it is back."""
    emulator.set_fault("reboot", delay=30, count=1)
    with pytest.raises(aiohttp.ClientError):
        await device.get("goip_get_sms.html")
    assert emulator.gateway.offline_mode == "refuse"
    with pytest.raises(aiohttp.ClientError):
        await device.get("goip_get_sms.html")
    emulator.go_online()
    assert (await device.get("goip_get_sms.html"))["code"] == 0


async def test_every_mode_through_the_control_api(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """Each documented mode is accepted by ``POST /_emulator/fault``."""
    assert set(FAULT_MODES) == {
        "http500",
        "garbage",
        "slow",
        "truncated",
        "html",
        "drop",
        "reboot",
    }
    for mode in FAULT_MODES:
        async with device.session.post(
            emulator.url("/_emulator/fault"), json={"mode": mode, "count": 1}
        ) as response:
            assert response.status == 200, mode
        assert emulator.gateway.fault is not None
        assert emulator.gateway.fault.mode == mode
    emulator.set_fault("none")
    assert emulator.gateway.fault is None


async def test_fault_of_one_endpoint(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """A fault with ``path`` breaks that endpoint only; the others answer."""
    emulator.set_fault("http500", path="goip_get_sms.html")
    status, _ = await device.call("goip_get_sms.html")
    assert status == 500
    assert (await device.get("goip_get_status.html"))["type"] == "dev-status"
    status, _ = await device.call("goip_get_sms.html", method="POST")
    assert status == 500
    assert emulator.gateway.fault is None  # no fault of every endpoint
    emulator.set_fault("none", path="/goip_get_sms.html")
    assert (await device.get("goip_get_sms.html"))["code"] == 0


async def test_fault_of_one_endpoint_counts_its_own_requests(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.set_fault("http500", count=2, path="goip_get_sms.html")
    for _ in range(3):
        assert (await device.get("goip_get_status.html"))["type"] == "dev-status"
    assert (await device.call("goip_get_sms.html"))[0] == 500
    assert (await device.call("goip_get_sms.html"))[0] == 500
    assert (await device.get("goip_get_sms.html"))["code"] == 0


async def test_endpoint_fault_wins_and_none_repairs_all(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    emulator.set_fault("http500")
    emulator.set_fault("html", path="goip_get_sms.html")
    assert (await device.call("goip_get_status.html"))[0] == 500
    async with device.session.get(
        emulator.url("/goip_get_sms.html"), params=device.credentials
    ) as response:
        assert response.content_type == "text/html"
    faults = emulator.state()["device"]["faults"]
    assert faults == {"*": "http500", "goip_get_sms.html": "html"}
    emulator.set_fault("none")
    assert emulator.state()["device"]["faults"] == {}
    assert (await device.get("goip_get_sms.html"))["code"] == 0


async def test_drop_of_the_inbox_read_only(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """The inbox read takes effect (deletes) and its reply is lost; polls go on."""
    for number in range(3):
        emulator.inject_sms("1.01", "+1", f"m{number}")
    emulator.set_fault("drop", count=1, path="goip_get_sms.html")
    assert (await device.get("goip_get_status.html"))["type"] == "dev-status"
    # POST: aiohttp never re-sends it on its own, unlike a GET.
    with pytest.raises(aiohttp.ClientError):
        await device.call("goip_get_sms.html", method="POST", params={"sms_del": 1})
    assert len(emulator.gateway.inbox) == 0
    assert len(emulator.requests("goip_get_sms.html")) == 1
    assert (await device.get("goip_get_status.html"))["type"] == "dev-status"
    assert (await device.get("goip_get_sms.html"))["sms_num"] == 0


async def test_fault_path_through_the_control_api(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    async with device.session.post(
        emulator.url("/_emulator/fault"),
        json={"mode": "http500", "path": "goip_get_sms.html", "count": 1},
    ) as response:
        assert response.status == 200
    assert (await device.call("goip_get_sms.html"))[0] == 500
    assert (await device.get("goip_get_sms.html"))["code"] == 0
    async with device.session.post(
        emulator.url("/_emulator/fault"), json={"mode": "drop", "path": "nope.html"}
    ) as response:
        assert response.status == 400
        assert "not a device endpoint" in (await response.json())["error"]
