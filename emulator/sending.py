"""SMS sending: tasks, per-port queues, status reports and task control.

Sections 6.3.2 (accepting tasks), 6.3.3 (status reports) and 6.3.4-6.3.7 (pause,
resume, delete and query tasks).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .codes import REGISTERED, task_status
from .core import GatewayCore, mutator
from .mms import (
    ATTACHMENT_TYPES,
    AttachmentError,
    attachment_filename,
    parse_attachments,
)
from .models import Attachment, Delivery, Job, MmsPart, PortState, SendTask, SlotState
from .notation import NotationError, format_slot, parse_ports
from .values import (
    as_float,
    as_int,
    as_tid,
    digits_of,
    recipients_of,
    scts,
    title_pairs,
)

__all__ = ["SendingGateway"]

#: Total size limit of the attachments of one MMS task (section 6.3.2.2).
MMS_MAX_BYTES = 100 * 1024
MMS_MAX_ATTACHMENTS = 5
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


class SendingGateway(GatewayCore):
    """The gateway core plus sending SMS/MMS tasks."""

    # ------------------------------------------------------------ SMS sending

    def _active_task_count(self) -> int:
        return sum(1 for task in self._tasks.values() if task.active)

    def _usable_ports(self) -> list[int]:
        return [
            port.port
            for port in self._ports.values()
            if self.usable(self._slots[port.port, port.active_slot])
        ]

    @mutator
    def submit_sms(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Handle ``goip_post_sms.html`` (section 6.3.2): accept or refuse each task.

        Message-level ``sr_url``/``sr_cnt``/``sr_prd`` apply to tasks that do not
        set their own; ``sms_url`` changes the ``Sms_url`` push target (RAM) and
        ``sms_cnt``/``sms_prd`` the batching of ``recv-sms`` pushes.
        """
        tasks = message.get("tasks")
        if not isinstance(tasks, list):
            return self._error(15)
        if (sms_url := message.get("sms_url")) is not None and str(sms_url):
            self._params["sms_url"] = str(sms_url)
            self._param_names.setdefault("sms_url", "Sms_url")
        if message.get("sms_cnt") is not None:
            self._sms_cnt = max(1, as_int(message.get("sms_cnt"), 1))
        if message.get("sms_prd") is not None:
            self._sms_prd = max(0.0, as_float(message.get("sms_prd"), 30.0))
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
        """Validate one task and queue it; return its status code (0 = accepted)."""
        tid = as_tid(item.get("tid"))
        if tid is None:
            return 11
        if tid in self._tasks:
            return 13
        if self._active_task_count() >= self.options.max_queued_tasks:
            return 16
        smstype = as_int(item.get("smstype"), 0)
        titles: list[tuple[str, str]] = []
        if smstype == 2 and item.get("to_title_array") is not None:
            titles = title_pairs(item.get("to_title_array"))
        recipients = recipients_of(item.get("to"))
        if not recipients and titles:
            recipients = [number for number, _ in titles]
        if not recipients:
            return 9
        from_spec = str(item.get("from") or "").strip()
        ports: list[int] = []
        if from_spec:
            try:
                refs = parse_ports(from_spec, self.max_ports, self.max_slots)
            except NotationError:
                return 2
            # A slot in ``from`` (``1.02``) selects its port; the module sends with
            # whatever SIM is active there.
            ports = list(dict.fromkeys(ref.port for ref in refs))
        attachments: list[Attachment] = []
        smstitle = item.get("smstitle")
        if smstype in {1, 2}:
            # The document says the subject "could be empty" yet defines code 17:
            # a missing ``smstitle`` is refused, an empty one accepted.
            if smstitle is None and not titles:
                return 17
            try:
                attachments = parse_attachments(str(item.get("attachments") or ""))
            except AttachmentError:
                return 19
            if len(attachments) > MMS_MAX_ATTACHMENTS:
                return 18
            if sum(len(att.data) for att in attachments) > MMS_MAX_BYTES:
                return 20
            if not attachments and not str(item.get("sms") or ""):
                return 19
        elif item.get("sms") is None or str(item.get("sms")) == "":
            return 8
        sms_raw = str(item.get("sms") or "")
        chs = str(item.get("chs") or "utf8").lower()
        text = sms_raw
        if chs == "base64":
            try:
                text = base64.b64decode(sms_raw, validate=True).decode()
            except ValueError:
                return 8
        if not ports:
            ports = self._usable_ports()
            if not ports:
                return 5
            start = self._rr_cursor % len(ports)
            ports = ports[start:] + ports[:start]
            self._rr_cursor += 1
        task = SendTask(
            tid=tid,
            order=self._task_order,
            from_spec=from_spec,
            to_spec=",".join(recipients),
            sms_raw=sms_raw,
            text=text,
            chs=chs,
            coding=as_int(item.get("coding"), 0),
            smstype=smstype,
            smstitle=str(smstitle or ""),
            attachments=attachments,
            intvl_ms=max(0, as_int(item.get("intvl"), 0)),
            tmo=max(1.0, as_float(item.get("tmo"), 30.0)),
            sdr=as_int(item.get("sdr"), 0) != 0,
            fdr=as_int(item.get("fdr"), 1) != 0,
            dr=as_int(item.get("dr"), 0) != 0,
            sr_cnt=self._report_count(item, message),
            sr_prd=self._report_period(item, message),
            sr_url=str(message.get("sr_url") or self._params.get("sr_url") or ""),
        )
        self._task_order += 1
        title_of = dict(titles)
        base = self.options.report_index_base
        jobs: list[Job] = []
        every = self.options.multi_port_mode == "every_port" and bool(from_spec)
        for position, number in enumerate(recipients):
            chosen = ports if every else [ports[position % len(ports)]]
            jobs.extend(
                Job(
                    task=task,
                    index=position + base,
                    number=number,
                    port=port,
                    title=title_of.get(number, task.smstitle),
                )
                for port in chosen
            )
        task.total = task.unsent = len(jobs)
        self._tasks[tid] = task
        for job in jobs:
            self._ports[job.port].queue.append(job)
        return 0

    def _report_count(self, item: Mapping[str, Any], message: Mapping[str, Any]) -> int:
        """``sr_cnt``: the task's (if >= 1), else the message's, else the default."""
        for source in (item, message):
            value = as_int(source.get("sr_cnt"), 0)
            if value >= 1:
                return value
        return self.options.default_sr_cnt

    def _report_period(
        self, item: Mapping[str, Any], message: Mapping[str, Any]
    ) -> float:
        """``sr_prd``: the task's, else the message's, else the default (0 = off)."""
        for source in (item, message):
            if source.get("sr_prd") not in {None, ""}:
                return max(0.0, as_float(source.get("sr_prd"), 0.0))
        return self.options.default_sr_prd

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
    def pause_tasks(self, tids: Iterable[object] | None = None) -> dict[str, Any]:
        """Pause queued tasks (all when ``tids`` is ``None``; section 6.3.4).

        Without ``tids`` the reply has no ``results`` (as the document says).
        """

        def pause(task: SendTask) -> None:
            task.paused = True

        return self._task_results(tids, pause, results_when_all=False)

    @mutator
    def resume_tasks(self, tids: Iterable[object] | None = None) -> dict[str, Any]:
        """Resume paused tasks (section 6.3.5, whose ``results`` is always present)."""

        def resume(task: SendTask) -> None:
            task.paused = False

        return self._task_results(tids, resume, results_when_all=True)

    @mutator
    def remove_tasks(self, tids: Iterable[object] | None = None) -> dict[str, Any]:
        """Delete queued tasks: their waiting recipients are never sent (6.3.6)."""

        def remove(task: SendTask) -> None:
            task.removed = True
            task.unsent = 0
            for module in self._ports.values():
                module.queue = [job for job in module.queue if job.task is not task]

        return self._task_results(tids, remove, results_when_all=False)

    def get_tasks(
        self, port: int, *, pos: int = 0, num: int = 10, has_content: bool = False
    ) -> dict[str, Any]:
        """Handle ``goip_get_tasks.html``: tasks still waiting to be sent on a port."""
        if port not in self._ports:
            return self._error(2)
        waiting: list[SendTask] = []
        for job in self._ports[port].queue:
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

    # ---------------------------------------------------------- sending engine

    def _start_next(self, module: PortState, now: float) -> None:
        job = next((job for job in module.queue if not job.task.paused), None)
        if job is None:
            return
        state = self._slots[module.port, module.active_slot]
        st = self.slot_st(state)
        if st == 2:
            if job.waiting_since is None:
                job.waiting_since = now
            if now - job.waiting_since < job.task.tmo:
                return
            module.queue.remove(job)
            job.slot = state.slot
            job.task.unsent -= 1
            self._record(job, ok=False, now=now, reason=FAIL_REASON, carrier="")
            return
        module.queue.remove(job)
        job.slot = state.slot
        job.task.unsent -= 1
        if st != REGISTERED:
            self._record(job, ok=False, now=now, reason=UNREGISTERED_REASON, carrier="")
            return
        job.task.sending += 1
        module.inflight = job
        module.inflight_done = now + self.options.send_time

    def _complete(self, module: PortState, now: float) -> None:
        job = module.inflight
        module.inflight = None
        if job is None:
            return
        job.task.sending -= 1
        module.next_free = now + job.task.intvl_ms / 1000
        if job.task.removed:
            return
        if digits_of(job.number).startswith(FAIL_PREFIX):
            self._record(
                job, ok=False, now=now, reason=FAIL_REASON, carrier=FAIL_CARRIER_REASON
            )
            return
        self._record(job, ok=True, now=now, reason="", carrier="")
        sender = self._slots[job.port, job.slot]
        if job.task.dr and job.task.smstype == 0:
            code = 0
            if digits_of(job.number).startswith(UNDELIVERED_PREFIX):
                code = UNDELIVERED_CODE
            due = now + self.options.delivery_report_delay
            self._deliveries.append(
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
        target = self.find_number(job.number)
        if target is None:
            return
        origin = self.slot_sn(sender) or sender.sim.msisdn
        parts = [
            MmsPart(
                filename=attachment_filename(position, att.kind),
                content_type=ATTACHMENT_TYPES[att.kind],
                data=att.data,
            )
            for position, att in enumerate(job.task.attachments, start=1)
        ]
        self._deliveries.append(
            Delivery(
                due=now + self.options.network_delay,
                kind="sms" if job.task.smstype == 0 else "mms",
                port=target.port,
                slot=target.slot,
                sender=origin,
                recipient=job.number,
                text=job.task.text,
                subject=job.title,
                parts=parts,
            )
        )

    def _record(
        self, job: Job, *, ok: bool, now: float, reason: str, carrier: str
    ) -> None:
        """Count one recipient's outcome and keep it for the next status report."""
        task = job.task
        state = self._slots[job.port, job.slot]
        label = format_slot(job.port, job.slot)
        if ok:
            task.sent += 1
            state.events.append((now, "sent_ok"))
            state.con_failed = 0
            if task.sdr:
                task.pend_sdr.append([job.index, job.number, label, int(now)])
        else:
            task.failed += 1
            state.events.append((now, "sent_failed"))
            state.con_failed += 1
            if task.fdr:
                task.pend_fdr.append(
                    [job.index, job.number, label, int(now), reason, carrier]
                )
        task.pend_count += 1
        if task.pend_since is None:
            task.pend_since = now
        self._reporting[task.tid] = task

    def find_number(self, number: str) -> SlotState | None:
        """Return the inserted slot whose SIM has this number, if any."""
        digits = digits_of(number)
        if not digits:
            return None
        for state in self._slots.values():
            if not state.inserted:
                continue
            if digits in {digits_of(state.sim.msisdn), digits_of(self.slot_sn(state))}:
                return state
        return None

    def _report_due(self, task: SendTask, now: float) -> bool:
        if task.pend_count == 0:
            return False
        if task.pend_count >= task.sr_cnt:
            return True
        if task.sr_prd > 0:
            return task.pend_since is not None and now >= task.pend_since + task.sr_prd
        # sr_prd=0 ("not on"): the remainder goes out once the task is finished.
        return not task.active

    def _flush_reports(self, now: float, *, force: bool = False) -> None:
        batches: dict[str, list[dict[str, Any]]] = {}
        for task in list(self._reporting.values()):
            if not (task.pend_count and (force or self._report_due(task, now))):
                continue
            report: dict[str, Any] = {
                "tid": task.tid,
                "sending": task.sending,
                "sent": task.sent,
                "failed": task.failed,
                "unsent": task.unsent,
            }
            if task.sdr:
                report["sdr"] = task.pend_sdr
            if task.fdr:
                report["fdr"] = task.pend_fdr
            batches.setdefault(task.sr_url, []).append(report)
            task.pend_sdr = []
            task.pend_fdr = []
            task.pend_count = 0
            task.pend_since = None
            del self._reporting[task.tid]
        for url, reports in batches.items():
            message = {
                "type": "status-report",
                "rpt_num": len(reports),
                "rpts": reports,
            }
            self._emit("status-report", url, message)

    @mutator
    def flush_reports(self) -> None:
        """Push every pending status report now, ignoring ``sr_cnt``/``sr_prd``."""
        self._flush_reports(self.clock(), force=True)
