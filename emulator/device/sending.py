"""Sending: the SMS/MMS tasks of ``goip_post_sms.html`` and each module's queue.

Sections 6.3.2 (accepting tasks) and 6.3.4-6.3.7 (pause, resume, delete and query
tasks); the results go to :mod:`.reports`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.codes import REGISTERED, task_error, task_status
from emulator.mms import ATTACHMENT_TYPES, MmsFile, TaskAttachment, attachment_filename
from emulator.notation import format_slot
from emulator.values import as_tid, digits_of, scts

from .network import Delivery
from .task_reading import read_task
from .wakeup import mutator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from emulator.options import GatewayOptions

    from .modules import Modules
    from .network import Network
    from .parameters import Parameters
    from .reports import StatusReports
    from .wakeup import Wakeup

__all__ = ["SendJob", "SendLane", "SendTask", "TaskQueue"]

#: Recipients whose number starts with this fail to send, deterministically.
FAIL_PREFIX = "000"
#: Recipients whose number starts with this are sent but never delivered (the
#: delivery report carries a non-zero code).
UNDELIVERED_PREFIX = "999"
UNDELIVERED_CODE = 64
FAIL_REASON = task_status(6)
FAIL_CARRIER_REASON = "21 Short message transfer rejected"
UNREGISTERED_REASON = task_status(5)
SMSC_NUMBER = "+15550000000"


@dataclass(slots=True, eq=False)
class SendTask:
    """One accepted task of ``goip_post_sms.html``."""

    tid: int
    order: int
    from_spec: str
    to_spec: str
    sms_raw: str
    text: str
    chs: str
    coding: int
    smstype: int
    smstitle: str
    attachments: list[TaskAttachment]
    intvl_ms: int
    tmo: float
    sdr: bool
    fdr: bool
    dr: bool
    sr_cnt: int
    sr_prd: float
    sr_url: str
    total: int = 0
    paused: bool = False
    removed: bool = False
    sending: int = 0
    sent: int = 0
    failed: int = 0
    unsent: int = 0

    @property
    def active(self) -> bool:
        """Whether the task still has recipients queued or being sent."""
        return not self.removed and (self.unsent > 0 or self.sending > 0)


@dataclass(slots=True, eq=False)
class SendJob:
    """One SMS of a task: one recipient, sent from one port."""

    task: SendTask
    index: int
    number: str
    port: int
    title: str = ""
    slot: int = 0
    waiting_since: float | None = None


@dataclass(slots=True, eq=False)
class SendLane:
    """The send queue of one module: waiting jobs, the one being sent."""

    port: int
    queue: deque[SendJob] = field(default_factory=deque)
    inflight: SendJob | None = None
    #: When the job being sent is done.
    inflight_done: float = 0.0
    #: When the module may start the next job (the task's ``intvl``).
    next_free: float = 0.0


class TaskQueue:
    """Accept tasks, send them one recipient at a time per module, count results."""

    def __init__(
        self,
        *,
        modules: Modules,
        parameters: Parameters,
        reports: StatusReports,
        network: Network,
        options: GatewayOptions,
        clock: Callable[[], float],
        wakeup: Wakeup,
    ) -> None:
        """Start with no task and an empty queue per module."""
        self.modules = modules
        self.parameters = parameters
        self.reports = reports
        self.network = network
        self.options = options
        self.clock = clock
        self.wakeup = wakeup
        self._tasks: dict[int, SendTask] = {}
        self._lanes = {m.port: SendLane(port=m.port) for m in modules.modules}
        self._task_order = 0
        self._rr_cursor = 0

    def _active_task_count(self) -> int:
        return sum(1 for task in self._tasks.values() if task.active)

    @mutator
    def submit(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Handle the tasks of ``goip_post_sms.html`` (6.3.2): accept or refuse each.

        Message-level ``sr_url``/``sr_cnt``/``sr_prd`` apply to tasks that do not
        set their own.
        """
        tasks = message.get("tasks")
        if not isinstance(tasks, list):
            return task_error(15)
        statuses: list[dict[str, Any]] = []
        for raw in tasks:
            item: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
            code = self._accept_task(item, message)
            # A task without a usable tid is answered with the tid it carried
            # (``null`` when it had none), in request order.
            tid = as_tid(item.get("tid"))
            statuses.append(
                {
                    "tid": tid if tid is not None else item.get("tid"),
                    "status": task_status(code),
                }
            )
        return {
            "code": 200,
            "reason": "OK",
            "type": "task-status",
            "status": statuses,
        }

    def _accept_task(self, item: Mapping[str, Any], message: Mapping[str, Any]) -> int:
        """Check one task and queue it; return its status code (0 = accepted)."""
        tid = as_tid(item.get("tid"))
        if tid is None:
            return 11
        if tid in self._tasks:
            return 13
        if self._active_task_count() >= self.options.max_queued_tasks:
            return 16
        spec = read_task(item, message, modules=self.modules, options=self.options)
        if isinstance(spec, int):
            return spec
        ports = spec.ports
        if not ports:
            ports = self.modules.usable_ports()
            if not ports:
                return 5
            start = self._rr_cursor % len(ports)
            ports = ports[start:] + ports[:start]
            self._rr_cursor += 1
        task = SendTask(
            tid=tid,
            order=self._task_order,
            from_spec=spec.from_spec,
            to_spec=",".join(spec.recipients),
            sms_raw=spec.sms_raw,
            text=spec.text,
            chs=spec.chs,
            coding=spec.coding,
            smstype=spec.smstype,
            smstitle=spec.smstitle,
            attachments=spec.attachments,
            intvl_ms=spec.intvl_ms,
            tmo=spec.tmo,
            sdr=spec.sdr,
            fdr=spec.fdr,
            dr=spec.dr,
            sr_cnt=spec.sr_cnt,
            sr_prd=spec.sr_prd,
            sr_url=str(message.get("sr_url") or self.parameters.get("sr_url") or ""),
        )
        self._task_order += 1
        base = self.options.report_index_base
        every = self.options.multi_port_mode == "every_port" and bool(spec.from_spec)
        jobs = [
            SendJob(
                task=task,
                index=position + base,
                number=number,
                port=port,
                title=spec.titles.get(number, task.smstitle),
            )
            for position, number in enumerate(spec.recipients)
            for port in (ports if every else [ports[position % len(ports)]])
        ]
        task.total = task.unsent = len(jobs)
        self._tasks[tid] = task
        for job in jobs:
            self._lanes[job.port].queue.append(job)
        return 0

    def _select_tasks(
        self, tids: Iterable[object] | None
    ) -> tuple[list[SendTask], list[tuple[object, SendTask | None]]]:
        if tids is None:
            return [task for task in self._tasks.values() if task.active], []
        pairs: list[tuple[object, SendTask | None]] = []
        for raw in tids:
            tid = as_tid(raw)
            task = self._tasks.get(tid) if tid is not None else None
            pairs.append((tid if tid is not None else raw, task))
        return [task for _, task in pairs if task is not None and task.active], pairs

    def _task_results(
        self,
        tids: Iterable[object] | None,
        action: Callable[[SendTask], None],
        *,
        results_when_all: bool,
    ) -> dict[str, Any]:
        tasks, pairs = self._select_tasks(tids)
        reply: dict[str, Any] = {"code": 200, "reason": "OK"}
        if tids is None:
            if results_when_all:
                reply["results"] = [
                    {"tid": task.tid, "status": task_status(0)} for task in tasks
                ]
        else:
            # The document lists no code for an unknown task id; the emulator
            # answers "11 TID Expected" for a tid unknown or no longer queued.
            reply["results"] = [
                {
                    "tid": tid,
                    "status": task_status(
                        0 if task is not None and task.active else 11
                    ),
                }
                for tid, task in pairs
            ]
        for task in tasks:
            action(task)
        return reply

    @mutator
    def pause(self, tids: Iterable[object] | None = None) -> dict[str, Any]:
        """Pause queued tasks (all when ``tids`` is ``None``; section 6.3.4).

        Without ``tids`` the reply has no ``results`` (as the document says).
        """

        def pause(task: SendTask) -> None:
            task.paused = True

        return self._task_results(tids, pause, results_when_all=False)

    @mutator
    def resume(self, tids: Iterable[object] | None = None) -> dict[str, Any]:
        """Resume paused tasks (section 6.3.5, whose ``results`` is always present)."""

        def resume(task: SendTask) -> None:
            task.paused = False

        return self._task_results(tids, resume, results_when_all=True)

    @mutator
    def remove(self, tids: Iterable[object] | None = None) -> dict[str, Any]:
        """Delete queued tasks: their waiting recipients are never sent (6.3.6)."""

        def remove(task: SendTask) -> None:
            task.removed = True
            task.unsent = 0
            for lane in self._lanes.values():
                lane.queue = deque(job for job in lane.queue if job.task is not task)

        return self._task_results(tids, remove, results_when_all=False)

    def query(
        self, port: int, *, pos: int = 0, num: int = 10, has_content: bool = False
    ) -> dict[str, Any]:
        """Handle ``goip_get_tasks.html``: tasks still waiting to be sent on a port."""
        if port not in self._lanes:
            return task_error(2)
        waiting: list[SendTask] = []
        for job in self._lanes[port].queue:
            if job.task not in waiting:
                waiting.append(job.task)
        waiting.sort(key=lambda task: task.order)
        page = waiting[max(0, pos) :][: max(0, num)]
        tasks: list[dict[str, Any]] = []
        for task in page:
            entry: dict[str, Any] = {
                "tid": task.tid,
                "state": int(task.paused),
                "from": task.from_spec,
                "to": task.to_spec,
                "chs": task.chs,
                "coding": task.coding,
            }
            if has_content:
                entry["sms"] = task.sms_raw
            tasks.append(entry)
        return {
            "code": 200,
            "reason": "OK",
            "total_num": len(waiting),
            "task_num": len(tasks),
            "tasks": tasks,
        }

    def task(self, tid: int) -> SendTask | None:
        """Return a task known since boot."""
        return self._tasks.get(tid)

    def lane(self, port: int) -> SendLane:
        """Return the send queue of a port; ``KeyError`` if out of range."""
        return self._lanes[port]

    # ---------------------------------------------------------- sending engine

    def _start_next(self, lane: SendLane, now: float) -> None:
        job = next((job for job in lane.queue if not job.task.paused), None)
        if job is None:
            return
        state = self.modules.active(lane.port)
        st = self.modules.st(state)
        if st == 2:
            if job.waiting_since is None:
                job.waiting_since = now
            if now - job.waiting_since < job.task.tmo:
                return
            lane.queue.remove(job)
            job.slot = state.slot
            job.task.unsent -= 1
            self._record(job, ok=False, now=now, reason=FAIL_REASON, carrier="")
            return
        lane.queue.remove(job)
        job.slot = state.slot
        job.task.unsent -= 1
        if st != REGISTERED:
            self._record(job, ok=False, now=now, reason=UNREGISTERED_REASON, carrier="")
            return
        job.task.sending += 1
        lane.inflight = job
        lane.inflight_done = now + self.options.send_time

    def _complete(self, lane: SendLane, now: float) -> None:
        job = lane.inflight
        lane.inflight = None
        if job is None:
            return
        job.task.sending -= 1
        lane.next_free = now + job.task.intvl_ms / 1000
        if job.task.removed:
            return
        if digits_of(job.number).startswith(FAIL_PREFIX):
            self._record(
                job, ok=False, now=now, reason=FAIL_REASON, carrier=FAIL_CARRIER_REASON
            )
            return
        self._record(job, ok=True, now=now, reason="", carrier="")
        sender = self.modules.slot(job.port, job.slot)
        if job.task.dr and job.task.smstype == 0:
            code = 0
            if digits_of(job.number).startswith(UNDELIVERED_PREFIX):
                code = UNDELIVERED_CODE
            due = now + self.options.delivery_report_delay
            self.network.carry(
                Delivery(
                    due=due,
                    kind="report",
                    port=job.port,
                    slot=job.slot,
                    sender=SMSC_NUMBER,
                    recipient=job.number,
                    text=f"{code} {scts(due)}",
                )
            )
        target = self.network.find_number(job.number)
        if target is None:
            return
        origin = self.parameters.reported_number(sender) or sender.sim.msisdn
        files = [
            MmsFile(
                filename=attachment_filename(position, att.kind),
                content_type=ATTACHMENT_TYPES[att.kind],
                data=att.data,
            )
            for position, att in enumerate(job.task.attachments, start=1)
        ]
        self.network.carry(
            Delivery(
                due=now + self.options.network_delay,
                kind="sms" if job.task.smstype == 0 else "mms",
                port=target.port,
                slot=target.slot,
                sender=origin,
                recipient=job.number,
                text=job.task.text,
                subject=job.title,
                files=files,
            )
        )

    def _record(
        self, job: SendJob, *, ok: bool, now: float, reason: str, carrier: str
    ) -> None:
        """Count one recipient's outcome and hand it to the status reports."""
        task = job.task
        state = self.modules.slot(job.port, job.slot)
        row: list[Any] = [
            job.index,
            job.number,
            format_slot(job.port, job.slot),
            int(now),
        ]
        if ok:
            task.sent += 1
            state.events.append((now, "sent_ok"))
            state.con_failed = 0
        else:
            task.failed += 1
            state.events.append((now, "sent_failed"))
            state.con_failed += 1
            row += [reason, carrier]
        self.reports.add(task, row, ok=ok, now=now)

    # ----------------------------------------------------------------- clock

    def tick(self, now: float) -> None:
        """Finish the sends that are done and start the next ones."""
        for lane in self._lanes.values():
            if lane.inflight is not None and now >= lane.inflight_done:
                self._complete(lane, now)
            if lane.inflight is None and now >= lane.next_free:
                self._start_next(lane, now)

    def deadlines(self) -> list[float]:
        """When a send finishes, the next may start, or a waiting one times out."""
        times: list[float] = []
        for lane in self._lanes.values():
            if lane.inflight is not None:
                times.append(lane.inflight_done)
                continue
            job = next((j for j in lane.queue if not j.task.paused), None)
            if job is None:
                continue
            registering = self.modules.module(lane.port).registering_until
            if job.waiting_since is not None and registering is not None:
                times.append(job.waiting_since + job.task.tmo)
            else:
                times.append(lane.next_free)
        return times

    def reboot(self) -> None:
        """Lose every task and queue."""
        self._tasks.clear()
        for lane in self._lanes.values():
            lane.queue.clear()
            lane.inflight = None
            lane.next_free = 0.0

    def snapshot(self) -> list[dict[str, Any]]:
        """Return every task known since boot with its counters."""
        return [
            {
                "tid": task.tid,
                "paused": task.paused,
                "removed": task.removed,
                "active": task.active,
                "total": task.total,
                "sending": task.sending,
                "sent": task.sent,
                "failed": task.failed,
                "unsent": task.unsent,
            }
            for task in self._tasks.values()
        ]
