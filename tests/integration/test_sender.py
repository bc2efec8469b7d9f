"""Tests of the sender: fresh task ids, resending once, waiting for every outcome."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.ejoin import sender as sender_module
from custom_components.ejoin.api import (
    EjoinConnectionError,
    EjoinResponseError,
    RecipientOutcome,
    StatusReport,
    TaskResult,
)
from custom_components.ejoin.const import DOMAIN, EVENT_SMS_SENT
from custom_components.ejoin.sender import _TaskWaiter

from .conftest import on_api
from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_path,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator
    from emulator.device.sending import SendTask


def _task(emulator: RunningEmulator, tid: int) -> SendTask:
    task = emulator.gateway.task(tid)
    assert task is not None
    return task


async def _send(hass: HomeAssistant, data: dict[str, Any]) -> Any:
    return await hass.services.async_call(
        DOMAIN, "send_sms", data, blocking=True, return_response=True
    )


async def test_task_ids_never_repeat(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Every send takes a new task id, also after a reload."""
    tids = []
    for _ in range(2):
        response = await _send(hass, {"to": ["+15550001111"], "message": "x"})
        tids.append(response["tasks"][0]["tid"])
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    response = await _send(hass, {"to": "+15550001111", "message": "x"})
    tids.append(response["tasks"][0]["tid"])
    assert len(set(tids)) == 3
    assert tids == sorted(tids)


async def test_tasks_ask_for_every_outcome(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """Success and failure reports come to the webhook within a second."""
    response = await _send(
        hass, {"to": "+15550001111,+15550002222", "message": "Hello"}
    )
    task = _task(emulator, response["tasks"][0]["tid"])
    assert task.sdr
    assert task.fdr
    assert task.sr_prd == sender_module.REPORT_PERIOD
    assert task.sr_cnt == 2
    assert task.sr_url == init_integration.runtime_data.push_target.url


async def test_wait_returns_every_outcome(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
) -> None:
    """With wait, each recipient's outcome comes back (000... fails)."""
    sent = capture(hass, EVENT_SMS_SENT)
    response = await _send(
        hass, {"to": ["+15550001111", "0001234"], "message": "Hi", "wait": True}
    )
    tid = response["tasks"][0]["tid"]
    results = response["results"]
    assert [item["number"] for item in results] == ["+15550001111", "0001234"]
    ok, failed = results
    assert ok["success"] is True
    assert ok["tid"] == tid
    assert ok["slot"] is not None
    assert ok["sent_at"] is not None
    assert ok["reason"] is None
    assert failed["success"] is False
    assert failed["reason"] == "6 Timeout"
    # v3 reports the carrier's cause as a bare number.
    assert failed["carrier_reason"] == on_api(
        emulator, "21 Short message transfer rejected", "21"
    )
    # The outcomes fired their events too, once each.
    await wait_for(emulator, lambda: len(sent) == 2)
    await emulator.settle()
    assert len(sent) == 2


async def test_wait_gives_up_after_the_limit(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
) -> None:
    """A recipient without an outcome in time has success None."""
    emulator.configure(send_time=30.0)
    with patch.object(sender_module, "MAX_WAIT", 0.2):
        response = await _send(
            hass, {"to": "+15550001111", "message": "Hi", "wait": True}
        )
    assert response["results"] == [
        {
            "tid": response["tasks"][0]["tid"],
            "index": None,
            "number": "+15550001111",
            "slot": None,
            "sent_at": None,
            "success": None,
            "reason": None,
            "carrier_reason": None,
        }
    ]
    assert init_integration.runtime_data.sender._waiters == {}


async def test_unload_releases_a_waiting_send(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """A send waiting for outcomes returns when the entry unloads."""
    emulator.configure(send_time=30.0)
    call = hass.async_create_task(
        _send(hass, {"to": "+15550001111", "message": "x", "wait": True})
    )
    sender = init_integration.runtime_data.sender
    await emulator.wait_for(lambda: bool(sender._waiters))
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    response = await call
    assert response["results"][0]["success"] is None


def _send_requests(emulator: RunningEmulator) -> int:
    """Return how many send requests the gateway received, in either API."""
    counts = emulator.gateway.request_counts
    return counts["goip_post_sms.html"] + counts["submit_sms_tasks"]


async def test_retry_after_a_lost_reply_does_not_send_twice(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The reply is lost: the retry reuses the task id and 13 counts as sent."""
    client = init_integration.runtime_data.client
    real_send = client.send_sms
    calls = 0

    async def lose_first_reply(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        result = await real_send(*args, **kwargs)
        if calls == 1:
            raise EjoinConnectionError("Connection reset")
        return result

    with patch.object(client, "send_sms", lose_first_reply):
        response = await _send(hass, {"to": "+15550001111", "message": "x"})
    assert calls == 2
    assert response["tasks"][0]["status_code"] == 0
    assert len(_task(emulator, response["tasks"][0]["tid"]).to_spec) > 0
    assert _send_requests(emulator) == 2


async def test_retry_after_a_refused_connection(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """The first request never arrived: the retry sends it."""
    client = init_integration.runtime_data.client
    real_send = client.send_sms
    calls = 0

    async def refuse_first(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise EjoinConnectionError("Connection refused")
        return await real_send(*args, **kwargs)

    with patch.object(client, "send_sms", refuse_first):
        response = await _send(hass, {"to": "+15550001111", "message": "x"})
    assert response["tasks"][0]["status_code"] == 0
    assert _send_requests(emulator) == 1


async def test_status_report_with_rewritten_numbers(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
) -> None:
    """A waiting send settles on counters even when the gateway rewrites numbers."""
    sender = init_integration.runtime_data.sender
    waiter = _TaskWaiter(5, ("+15550001111", "+15550002222"))
    sender._waiters[5] = waiter
    body = {
        "type": "status-report",
        "rpt_num": 1,
        "rpts": [
            {
                "tid": 5,
                "sending": 0,
                "sent": 2,
                "failed": 0,
                "unsent": 0,
                "sdr": [
                    [1, "15550002222", "1.01", 1790000000],
                    [0, "15550001111", "1.01", 1790000001],
                ],
            }
        ],
    }
    response = await webhook_client.post(
        webhook_path(init_integration),
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    assert waiter.done.is_set()
    results = waiter.results()
    assert [item["number"] for item in results] == ["+15550001111", "+15550002222"]
    assert [item["index"] for item in results] == [0, 1]
    sender._waiters.clear()


def _outcome(
    number: str | None, index: int, *, success: bool = True
) -> RecipientOutcome:
    return RecipientOutcome(
        tid=1, index=index, number=number, slot=None, sent_at=None, success=success
    )


def test_waiter_without_counters() -> None:
    """Without counters, the recipients' outcomes decide."""
    waiter = _TaskWaiter(1, ("+1", "+2"))
    waiter.add(StatusReport(tid=1, outcomes=(_outcome("+1", 1),)))
    assert not waiter.done.is_set()
    waiter.add(StatusReport(tid=1, outcomes=(_outcome("+2", 2, success=False),)))
    assert waiter.done.is_set()
    # Several ports tried the same recipient: the success wins.
    waiter = _TaskWaiter(1, ("+1",))
    waiter.add(
        StatusReport(
            tid=1,
            outcomes=(_outcome("+1", 1, success=False), _outcome("+1", 1)),
        )
    )
    assert waiter.results()[0]["success"] is True
    # Numbers rewritten by the gateway: outcomes are counted and handed out.
    waiter = _TaskWaiter(1, ("+1", "+2"))
    waiter.add(StatusReport(tid=1, outcomes=(_outcome("001", 1), _outcome("002", 2))))
    assert waiter.done.is_set()
    assert [item["index"] for item in waiter.results()] == [1, 2]


def test_result_of_a_task() -> None:
    """The reply's result of the task, or its only one; else the reply is wrong."""
    one = TaskResult(3, 0, "OK")
    assert sender_module._result_for((one,), 3) is one
    assert sender_module._result_for((one,), 9) is one
    with pytest.raises(EjoinResponseError):
        sender_module._result_for((one, TaskResult(4, 0, "OK")), 9)


async def test_a_send_whose_task_id_cannot_be_recorded_is_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, emulator: RunningEmulator
) -> None:
    """No journal, no task id that is sure never to repeat: nothing is sent."""
    receiver = init_integration.runtime_data.receiver
    journal = receiver.journal
    # The journal closes this one when the entry reloads.
    journal._fd, writable = os.open(os.devnull, os.O_RDONLY), journal._fd
    try:
        with pytest.raises(HomeAssistantError) as info:
            await _send(hass, {"to": "+15550001", "message": "hi"})
        assert info.value.translation_key == "storage_failed"
        # The entry reloads from what is on disk.
        await hass.async_block_till_done(wait_background_tasks=True)
    finally:
        assert writable is not None
        os.close(writable)
    assert init_integration.runtime_data.receiver is not receiver
    assert emulator.gateway.request_counts["goip_post_sms.html"] == 0
