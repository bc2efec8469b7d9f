"""Sending SMS and MMS tasks, and waiting for every recipient's outcome.

Every task gets an id never used before for this gateway (reserved in the ledger,
journaled before the request goes out), asks for each recipient's outcome (``sdr``
and ``fdr``) pushed to the webhook within a second, and is sent at most twice: a
second time only after a broken connection, under the same id, so a gateway that
took the first answers 13 (Duplicated TaskId) instead of sending twice.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .api import (
    EjoinConnectionError,
    EjoinRefusedError,
    EjoinResponseError,
    RecipientOutcome,
    SmsTask,
    StatusReport,
    TaskResult,
    TaskStatusCode,
)
from .const import LOGGER
from .events import outcome_data, task_result_data

if TYPE_CHECKING:
    from .api import EjoinClient
    from .push_target import PushTarget
    from .receiver import MessageReceiver

#: Status reports are pushed at most this many seconds after an outcome (sr_prd)...
REPORT_PERIOD: Final = 1
#: ... or as soon as this many outcomes of a task are waiting (sr_cnt).
REPORT_BATCH: Final = 10
#: The gateway's default time to wait for one SMS's sending result (tmo).
DEFAULT_SEND_TIMEOUT: Final = 30
#: Upper bound of a ``wait: true`` send, and the slack added to the computed wait.
MAX_WAIT: Final = 300.0
WAIT_MARGIN: Final = 10.0


@dataclass(slots=True)
class _TaskWaiter:
    """Collects the outcomes of one sent task until every recipient has one."""

    tid: int
    numbers: tuple[str, ...]
    outcomes: list[RecipientOutcome] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, report: StatusReport) -> None:
        """Take a report; done when all recipients are covered or nothing is left."""
        self.outcomes.extend(report.outcomes)
        finished = (
            report.sending == 0
            and report.unsent == 0
            and (report.sent or 0) + (report.failed or 0) > 0
        )
        if finished or self._covered():
            self.done.set()

    def _covered(self) -> bool:
        """Return True when every recipient has an outcome."""
        missing = Counter(self.numbers)
        missing.subtract(outcome.number for outcome in self.outcomes if outcome.number)
        if all(count <= 0 for count in missing.values()):
            return True
        # A gateway that rewrites numbers: count outcomes instead.
        return len({outcome.index for outcome in self.outcomes}) >= len(self.numbers)

    def results(self) -> list[dict[str, Any]]:
        """Return one result per recipient, in the order given.

        A recipient's outcome is found by its number (a success wins over a failure
        when the gateway sent from several ports), else the remaining outcomes are
        handed out in index order. ``success`` is None when no outcome came.
        """
        pool = sorted(
            self.outcomes,
            key=lambda outcome: (not outcome.success, outcome.index or 0),
        )
        chosen: list[RecipientOutcome | None] = []
        for number in self.numbers:
            match = next((item for item in pool if item.number == number), None)
            if match is not None:
                pool = [item for item in pool if item.number != number or item is match]
                pool.remove(match)
            chosen.append(match)
        leftovers = sorted(
            (item for item in pool if item.number not in self.numbers),
            key=lambda outcome: outcome.index or 0,
        )
        results: list[dict[str, Any]] = []
        for number, found in zip(self.numbers, chosen, strict=True):
            match = found
            if match is None and leftovers:
                match = leftovers.pop(0)
            if match is None:
                results.append(
                    {
                        "tid": self.tid,
                        "index": None,
                        "number": number,
                        "slot": None,
                        "sent_at": None,
                        "success": None,
                        "reason": None,
                        "carrier_reason": None,
                    }
                )
            else:
                results.append(outcome_data(match) | {"number": number})
        return results


class MessageSender:
    """Sends one gateway's SMS and MMS tasks."""

    def __init__(
        self,
        hass: HomeAssistant,
        client: EjoinClient,
        receiver: MessageReceiver,
        push_target: PushTarget,
    ) -> None:
        """Prepare sending; outcomes arrive through ``receiver``."""
        self._hass = hass
        self._client = client
        self._receiver = receiver
        self._push_target = push_target
        self._waiters: dict[int, _TaskWaiter] = {}
        self._unsub_reports: CALLBACK_TYPE = receiver.async_add_report_listener(
            self._handle_reports
        )

    @callback
    def async_stop(self) -> None:
        """Release every waiting send (it returns what it has)."""
        self._unsub_reports()
        for waiter in self._waiters.values():
            waiter.done.set()

    @property
    def can_wait(self) -> bool:
        """Return True when outcomes can reach Home Assistant (a webhook URL)."""
        return self._push_target.url is not None

    async def async_send(self, template: SmsTask, *, wait: bool) -> dict[str, Any]:
        """Send ``template`` under a fresh task id; return the action response.

        Raises :class:`EjoinRefusedError` when the gateway refuses the task.
        """
        tid, op = self._receiver.ledger.reserve_tid()
        if op is not None:
            self._receiver.commit([op])
        task = replace(
            template,
            tid=tid,
            report_success=True,
            report_failure=True,
            sr_prd=REPORT_PERIOD,
            sr_cnt=max(1, min(len(template.to), REPORT_BATCH)),
        )
        waiter = _TaskWaiter(tid, task.to) if wait else None
        if waiter is not None:
            self._waiters[tid] = waiter
        try:
            result = await self._async_submit(task)
            if not result.ok:
                raise EjoinRefusedError(result.code, result.reason)
            response: dict[str, Any] = {"tasks": [task_result_data(result)]}
            if waiter is not None:
                try:
                    async with asyncio.timeout(_wait_limit(task)):
                        await waiter.done.wait()
                except TimeoutError:
                    LOGGER.debug("Task %s still has recipients pending", tid)
                response["results"] = waiter.results()
            return response
        finally:
            self._waiters.pop(tid, None)

    async def _async_submit(self, task: SmsTask) -> TaskResult:
        """Submit a task, once more with the same id after a broken connection."""
        url = self._push_target.url
        options: dict[str, Any] = {
            "sr_url": url,
            "sr_cnt": REPORT_BATCH,
            "sr_prd": REPORT_PERIOD,
        }
        if self._push_target.active:
            options["sms_url"] = url
        try:
            results = await self._client.send_sms(task, **options)
        except EjoinConnectionError as err:
            LOGGER.debug("Sending task %s failed (%s), sending it again", task.tid, err)
            results = await self._client.send_sms(task, **options)
            result = _result_for(results, task.tid)
            if result.code == TaskStatusCode.DUPLICATED_TASK_ID:
                # The first request got through: the gateway has the task.
                return TaskResult(task.tid, 0, "OK")
            return result
        return _result_for(results, task.tid)

    @callback
    def _handle_reports(self, reports: tuple[StatusReport, ...]) -> None:
        """Settle the sends waiting for these outcomes."""
        for report in reports:
            if (waiter := self._waiters.get(report.tid)) is not None:
                waiter.add(report)


def _result_for(results: tuple[TaskResult, ...], tid: int) -> TaskResult:
    """Return the reply's result of task ``tid``."""
    for result in results:
        if result.tid == tid:
            return result
    if len(results) == 1:
        return results[0]
    raise EjoinResponseError(f"The gateway's reply names no result for task {tid}")


def _wait_limit(task: SmsTask) -> float:
    """Return how long a ``wait`` send waits for every recipient's outcome."""
    per_recipient = (task.timeout_s or DEFAULT_SEND_TIMEOUT) + (
        task.interval_ms or 0
    ) / 1000
    return min(MAX_WAIT, WAIT_MARGIN + REPORT_PERIOD + per_recipient * len(task.to))
