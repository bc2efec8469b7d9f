"""Status reports of sending tasks: results batched by ``sr_cnt``/``sr_prd`` (6.3.3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .endpoints import v3_pushes
from .shapes_v3 import sent_status
from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable

    from emulator.options import GatewayOptions

    from .outbox import Outbox
    from .sending import SendTask
    from .wakeup import Wakeup

__all__ = ["PendingResults", "StatusReports"]


@dataclass(slots=True, eq=False)
class PendingResults:
    """The results of one task not yet reported."""

    task: SendTask
    #: When the first of them came.
    since: float
    #: Outcomes counted (also those without a row: ``sdr``/``fdr`` off).
    count: int = 0
    #: ``[index, number, port, time]`` rows of successes (``sdr``).
    sdr: list[list[Any]] = field(default_factory=list)
    #: ``[index, number, port, time, reason, carrier reason]`` rows of failures.
    fdr: list[list[Any]] = field(default_factory=list)


class StatusReports:
    """Collect each task's results and push them as ``status-report`` when due.

    A device serving API v3 pushes them as ``sms-sent-status`` (v3 document,
    "Send Status Report").
    """

    def __init__(
        self,
        *,
        outbox: Outbox,
        options: GatewayOptions,
        clock: Callable[[], float],
        wakeup: Wakeup,
    ) -> None:
        """Start with nothing to report."""
        self.outbox = outbox
        self.options = options
        self.clock = clock
        self.wakeup = wakeup
        self._pending: dict[int, PendingResults] = {}

    def add(self, task: SendTask, row: list[Any], *, ok: bool, now: float) -> None:
        """Count one recipient's outcome and keep its row if the task wants it."""
        pending = self._pending.get(task.tid)
        if pending is None:
            pending = self._pending[task.tid] = PendingResults(task=task, since=now)
        pending.count += 1
        if ok and task.sdr:
            pending.sdr.append(row)
        elif not ok and task.fdr:
            pending.fdr.append(row)

    def pending(self, tid: int) -> PendingResults | None:
        """Return the results of a task that wait to be reported."""
        return self._pending.get(tid)

    @staticmethod
    def _due(pending: PendingResults, now: float) -> bool:
        task = pending.task
        if pending.count >= task.sr_cnt:
            return True
        if task.sr_prd > 0:
            return now >= pending.since + task.sr_prd
        # sr_prd=0 ("not on"): the remainder goes out once the task is finished.
        return not task.active

    def _push(self, now: float, *, force: bool) -> None:
        batches: dict[str, list[dict[str, Any]]] = {}
        for tid, pending in list(self._pending.items()):
            if not (force or self._due(pending, now)):
                continue
            task = pending.task
            report: dict[str, Any] = {
                "tid": task.tid,
                "sending": task.sending,
                "sent": task.sent,
                "failed": task.failed,
                "unsent": task.unsent,
            }
            if task.sdr:
                report["sdr"] = pending.sdr
            if task.fdr:
                report["fdr"] = pending.fdr
            batches.setdefault(task.sr_url, []).append(report)
            del self._pending[tid]
        for url, reports in batches.items():
            if v3_pushes(self.options.api):
                cost = int(self.options.send_time * 1000)
                self.outbox.emit(
                    "status-report", url, sent_status(reports, cost_ms=cost)
                )
                continue
            message = {
                "type": "status-report",
                "rpt_num": len(reports),
                "rpts": reports,
            }
            self.outbox.emit("status-report", url, message)

    @mutator
    def flush(self) -> None:
        """Push every pending status report now, ignoring ``sr_cnt``/``sr_prd``."""
        self._push(self.clock(), force=True)

    def tick(self, now: float) -> None:
        """Push the reports that are due."""
        self._push(now, force=False)

    def deadlines(self, now: float) -> list[float]:
        """When reports are due (``now`` for a full batch)."""
        times: list[float] = []
        for pending in self._pending.values():
            task = pending.task
            if pending.count >= task.sr_cnt:
                times.append(now)
            elif task.sr_prd > 0:
                times.append(pending.since + task.sr_prd)
        return times

    def reboot(self) -> None:
        """Lose every result not yet reported."""
        self._pending.clear()
