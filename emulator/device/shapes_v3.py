"""The JSON shapes of API v3 (the v3.3.0 document), built from the device's state.

v3 sends messages, task results and report rows as objects where v2.1 sends
arrays. The readings of the document used here:

* An inbox message has ``port``, ``slot``, ``timestamp``, ``from``, ``to``,
  ``is_report``, ``status`` (a report's outcome) and base64 ``sms`` (normal SMS
  only). A pushed message has ``ts`` for the time and also the SIM's ``iccid``,
  ``imsi`` and ``imei``, as public clients show.
* A send report row is ``{seq, port, slot, number, ts, cost}`` (success) or
  ``{seq, port, slot, number, ts, code, gsm_cause}`` (failure).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from emulator.values import as_int

if TYPE_CHECKING:
    from .inbox import StoredSms

__all__ = [
    "report_row",
    "sent_status",
    "sms_object",
    "task_result",
]


def sms_object(
    message: StoredSms, *, pushed: bool, sim: tuple[str, str, str] | None = None
) -> dict[str, Any]:
    """Return a message as an object: ``sim`` is the ``(iccid, imsi, imei)`` pushed.

    A delivery report's stored ``"code scts"`` gives its ``status`` (the code);
    the document's inbox rows carry no content for a report, a push (public
    clients list ``sms`` for every message) carries the ``"code scts"`` too.
    """
    item: dict[str, Any] = {
        "port": message.port,
        "slot": message.slot,
        "ts" if pushed else "timestamp": message.ts if pushed else str(message.ts),
        "from": message.sender,
        "to": message.recipient,
        "is_report": bool(message.flag),
    }
    if message.flag:
        item["status"] = as_int(message.text.split(" ", 1)[0], 0)
    if pushed or not message.flag:
        item["sms"] = base64.b64encode(message.text.encode()).decode()
    if pushed and sim is not None:
        item["iccid"], item["imsi"], item["imei"] = sim
    return item


def task_result(tid: object, status: str) -> dict[str, Any]:
    """Return ``{"id", "code", "reason"}`` of a v2.1 ``"<code> <text>"`` status."""
    code_text, _, reason = status.partition(" ")
    return {"id": tid, "code": as_int(code_text, 7), "reason": reason}


def report_row(row: list[Any], *, ok: bool, cost_ms: int) -> dict[str, Any]:
    """Return a v3 report row from a v2.1 one.

    v2.1 rows: ``[index, number, "port.slot", time(, "6 Timeout", "21 ...")]``.
    """
    index, number, address, when = row[:4]
    port_text, _, slot_text = str(address).partition(".")
    item: dict[str, Any] = {
        "seq": index,
        "port": as_int(port_text, 0),
        "slot": as_int(slot_text, 1),
        "number": number,
        "ts": when,
    }
    if ok:
        item["cost"] = cost_ms
    else:
        reason = str(row[4]) if len(row) > 4 else ""
        carrier = str(row[5]) if len(row) > 5 else ""
        item["code"] = as_int(reason.split(" ", 1)[0], 7)
        item["gsm_cause"] = as_int(carrier.split(" ", 1)[0], 0)
    return item


def sent_status(reports: list[dict[str, Any]], *, cost_ms: int) -> dict[str, Any]:
    """Return the ``sms-sent-status`` push of v2.1 ``status-report`` reports."""
    statuses = [
        {
            "tid": report["tid"],
            "sent": report["sent"],
            "failed": report["failed"],
            "unsent": report["unsent"],
            "sdr": [
                report_row(row, ok=True, cost_ms=cost_ms)
                for row in report.get("sdr", [])
            ],
            "fdr": [
                report_row(row, ok=False, cost_ms=cost_ms)
                for row in report.get("fdr", [])
            ],
        }
        for report in reports
    ]
    return {"type": "sms-sent-status", "statuses": statuses}
