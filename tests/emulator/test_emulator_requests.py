"""The request log: every device request as it arrived, for tests to inspect."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from emulator.device.endpoints import DEVICE_ENDPOINTS, V2_ENDPOINTS, V3_ENDPOINTS
from emulator.device.request_log import REQUEST_LOG_SIZE, RequestLog
from emulator.server import DEVICE_PATHS, V3_PATHS
from emulator.testing import DeviceCaller

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from emulator import RunningEmulator


@pytest.fixture
async def device(emulator: RunningEmulator) -> AsyncIterator[DeviceCaller]:
    async with aiohttp.ClientSession() as session:
        yield DeviceCaller(emulator, session)


async def logged(device: DeviceCaller) -> list[dict[str, Any]]:
    async with device.session.get(
        device.emulator.url("/_emulator/requests")
    ) as response:
        assert response.status == 200
        body = await response.json()
    requests: list[dict[str, Any]] = body["requests"]
    return requests


def test_every_routed_path_is_a_known_endpoint() -> None:
    assert {path.lstrip("/") for path in DEVICE_PATHS} == V2_ENDPOINTS
    # The call statistics keep their goip_ name in v3 and share the v2.1 route.
    v3 = {path.lstrip("/") for path in V3_PATHS} | {"goip_get_call_stat.html"}
    assert v3 == V3_ENDPOINTS
    assert V2_ENDPOINTS | V3_ENDPOINTS == DEVICE_ENDPOINTS


async def test_method_path_query_and_body(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    await device.get("goip_get_sms.html", sms_id=3, sms_num=2)
    await device.post(
        "goip_post_sms.html", {"tasks": [{"tid": 1, "to": "5", "sms": "Grüße"}]}
    )
    await device.call(
        "goip_send_cmd.html",
        method="POST",
        params={"op": "set"},
        data="sim_number(5)=+1555&Sms_url=http://x/y",
    )
    await device.get("goip_get_status.html")  # the control API is not logged:
    assert emulator.state()["request_counts"]["goip_get_status.html"] == 1
    entries = await logged(device)
    assert [(e["method"], e["path"]) for e in entries] == [
        ("GET", "/goip_get_sms.html"),
        ("POST", "/goip_post_sms.html"),
        ("POST", "/goip_send_cmd.html"),
        ("GET", "/goip_get_status.html"),
    ]
    first, post, command, _ = entries
    assert first["query"] == [
        ["username", "root"],
        ["password", emulator.password],
        ["sms_id", "3"],
        ["sms_num", "2"],
    ]
    assert first["body"] == ""
    assert json.loads(post["body"])["tasks"][0]["sms"] == "Grüße"
    assert command["body"] == "sim_number(5)=+1555&Sms_url=http://x/y"
    assert ["op", "set"] in command["query"]
    assert isinstance(first["time"], float)
    (again,) = emulator.requests("/goip_get_sms.html")
    assert again.query[2:] == (("sms_id", "3"), ("sms_num", "2"))


async def test_requests_that_are_refused_are_logged(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    """Offline, faulted, with bad credentials: what arrived is in the log."""
    await device.call("goip_get_sms.html", params={"password": "wrong"})
    emulator.set_fault("http500", count=1)
    await device.call("goip_get_tasks.html", params={"port": 1})
    emulator.go_offline()
    with pytest.raises(aiohttp.ClientError):  # a POST, which aiohttp never re-sends
        await device.call("goip_get_status.html", method="POST")
    emulator.go_online()
    assert [entry.path for entry in emulator.requests()] == [
        "/goip_get_sms.html",
        "/goip_get_tasks.html",
        "/goip_get_status.html",
    ]
    assert ("password", "wrong") in emulator.requests()[0].query


async def test_clear_log_forgets_the_requests(
    device: DeviceCaller, emulator: RunningEmulator
) -> None:
    await device.get("goip_get_status.html")
    async with device.session.post(emulator.url("/_emulator/clear-log")) as response:
        assert response.status == 200
    assert await logged(device) == []
    assert emulator.requests() == []
    assert emulator.gateway.request_counts == {}


def test_the_log_keeps_the_newest_requests() -> None:
    log = RequestLog(clock=lambda: 0.0)
    for number in range(REQUEST_LOG_SIZE + 5):
        log.record(method="GET", path="/goip_get_sms.html", query=[], body=str(number))
    assert len(log.entries) == REQUEST_LOG_SIZE
    assert log.entries[0].body == "5"
    assert log.counts["goip_get_sms.html"] == REQUEST_LOG_SIZE + 5
