"""Reading the JSON shapes of API v3 into the models v2.1 replies build too.

The v3 document (3.3.0) sends messages, task results and report rows as objects
where v2.1 sends arrays, and adds replies of its own (USSD, AT, radio). Each reader
takes one decoded JSON value and returns models; like the v2.1 readers they accept
drifting types, and raise :class:`EjoinResponseError` only when an essential field
is missing. The device and port status keep their v2.1 shape and are read by
:meth:`DeviceStatus.from_dict` / :meth:`SlotStatus.from_dict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
import logging
from typing import Any

from ._convert import (
    decode_base64_text,
    normalize_mac,
    to_bool,
    to_datetime,
    to_int,
    to_str,
)
from .exceptions import EjoinResponseError
from .models import (
    TASK_STATUS_TEXT,
    AtReply,
    CallStatistics,
    CellScanStatus,
    MmsReceptionReport,
    NetworkType,
    QueuedTask,
    ReceivedSms,
    RecipientOutcome,
    ServingCell,
    SmsCoding,
    SmsStatistics,
    StatusReport,
    TaskResult,
    UssdReply,
    lte_band,
)
from .notation import SlotAddress

__all__ = [
    "read_at_reply",
    "read_call_statistics",
    "read_mms_report",
    "read_network_types",
    "read_queued_task",
    "read_serving_cells",
    "read_sms",
    "read_sms_statistics",
    "read_status_reports",
    "read_task_results",
    "read_ussd_replies",
]

_LOGGER = logging.getLogger(__name__)

#: ``coding`` of a queued task, as ``get_sms_tasks`` names it ("usc2" sic).
_CODINGS = {
    "none": SmsCoding.AUTO,
    "usc2": SmsCoding.UCS2,
    "ucs2": SmsCoding.UCS2,
    "7bit": SmsCoding.GSM_7BIT,
}


def _object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise EjoinResponseError(f"Expected a JSON object for {what}")
    return value


def _rows(value: Any, what: str) -> list[Any]:
    """Return a JSON array; None (left out) is an empty one."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise EjoinResponseError(f"Expected a JSON array for {what}")
    return value


def _first(data: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in data:
            return data[key]
    return None


def _slot(data: Mapping[str, Any]) -> SlotAddress | None:
    """Return the slot of an object with ``port`` and ``slot`` numbers.

    ``port`` may also be the v2.1 string form (``"1.02"``, ``"2B"``), slot left
    out; a bare port then means its first slot.
    """
    port = data.get("port")
    slot = to_int(data.get("slot"))
    number = to_int(port)
    try:
        if number is not None:
            return SlotAddress(number, slot if slot is not None and slot >= 1 else 1)
        if isinstance(port, str) and len(port) <= 32:
            return SlotAddress.parse_lenient(port.strip())
    except ValueError:
        return None
    return None


def read_sms(row: Any) -> ReceivedSms:
    """Read one message object of a ``recv-sms`` push or ``get_received_smses``.

    The document names the time ``timestamp`` (inbox); pushes seen in public
    clients name it ``ts``: both are read. The content is base64 of UTF-8 text,
    decoded tolerantly. A delivery report (``is_report``) carries its outcome in
    ``status`` (0: delivered) and may have no content at all (the document's
    inbox); a ``"code scts"`` content, as v2.1 sends it, is read too, and
    ``status`` wins over its code. A report's text is its code alone, so the same
    report pushed with its SCTS and listed by the inbox without is one message.
    """
    data = _object(row, "a message")
    if not data.keys() & {"sms", "from", "is_report"}:
        raise EjoinResponseError("Message object without 'sms', 'from' or 'is_report'")
    is_report = bool(to_bool(data.get("is_report")))
    content = data.get("sms")
    text = content if isinstance(content, str) else to_str(content) or ""
    status = to_int(data.get("status"))
    if is_report and not text and status is not None:
        text = str(status)
    sms = ReceivedSms.build(
        is_delivery_report=is_report,
        slot=_slot(data),
        received_at=to_datetime(_first(data, "ts", "timestamp", "time")),
        sender=to_str(data.get("from")),
        recipient=to_str(data.get("to")),
        content=text,
        iccid=to_str(data.get("iccid")),
        imsi=to_str(data.get("imsi")),
        imei=to_str(data.get("imei")),
    )
    if not is_report:
        return sms
    code = status if status is not None else sms.report_code
    return replace(sms, report_code=code, text=sms.text if code is None else str(code))


def read_task_results(value: Any) -> tuple[TaskResult, ...]:
    """Read ``[{"id", "code", "reason"}]`` of the task endpoints."""
    results: list[TaskResult] = []
    for row in _rows(value, "task results"):
        data = _object(row, "a task result")
        tid = to_int(_first(data, "id", "tid"))
        code = to_int(data.get("code"))
        if tid is None or code is None:
            raise EjoinResponseError("Task result without a valid 'id' and 'code'")
        reason = data.get("reason")
        # The document types ``reason`` a string in one place and an array in
        # another: the first text of an array is taken.
        if isinstance(reason, list):
            reason = next((item for item in reason if isinstance(item, str)), None)
        results.append(
            TaskResult(
                tid, code, to_str(reason) or TASK_STATUS_TEXT.get(code, "Unknown")
            )
        )
    return tuple(results)


def read_queued_task(row: Any) -> QueuedTask:
    """Read one task of ``get_sms_tasks``."""
    data = _object(row, "a queued task")
    tid = to_int(_first(data, "id", "tid"))
    if tid is None:
        raise EjoinResponseError("Queued task without a valid 'id'")
    charset = to_str(data.get("charset"))
    message = data.get("sms")
    if isinstance(message, int | float) and not isinstance(message, bool):
        message = str(message)
    if not isinstance(message, str):
        message = None
    elif charset is not None and charset.lower() == "base64":
        decoded = decode_base64_text(message)
        message = message if decoded is None else decoded
    recipients = data.get("recipients")
    if isinstance(recipients, str):
        recipients = recipients.split(",")
    coding = data.get("coding")
    return QueuedTask(
        tid=tid,
        paused=to_bool(data.get("status")),
        from_ports=to_str(data.get("from")),
        to=tuple(
            number
            for item in (recipients if isinstance(recipients, list) else [])
            if (number := to_str(item)) is not None
        ),
        message=message,
        charset=charset,
        coding=_CODINGS.get(str(coding).lower()) if coding is not None else None,
    )


def read_status_reports(value: Any) -> tuple[StatusReport, ...]:
    """Read the ``statuses`` of an ``sms-sent-status`` push.

    ``sdr`` rows are ``{seq, port, slot, number, ts, cost}``, ``fdr`` rows
    ``{seq, port, slot, number, ts, code, gsm_cause}``: the failure code reads as
    v2.1's task status (``"6 Timeout"``), the carrier's cause as its number.
    """
    reports: list[StatusReport] = []
    for item in _rows(value, "status reports"):
        try:
            reports.append(_status_report(item))
        except EjoinResponseError:
            _LOGGER.debug("Skipping unreadable status report %r", item)
    return tuple(reports)


def _status_report(item: Any) -> StatusReport:
    data = _object(item, "a status report")
    tid = to_int(_first(data, "tid", "id"))
    if tid is None:
        raise EjoinResponseError("Status report without a valid 'tid'")
    outcomes = [
        _outcome(tid, row, success=True) for row in _rows(data.get("sdr"), "sdr")
    ] + [_outcome(tid, row, success=False) for row in _rows(data.get("fdr"), "fdr")]
    return StatusReport(
        tid=tid,
        sending=to_int(data.get("sending")),
        sent=to_int(data.get("sent")),
        failed=to_int(data.get("failed")),
        unsent=to_int(data.get("unsent")),
        outcomes=tuple(outcomes),
    )


def _outcome(tid: int, row: Any, *, success: bool) -> RecipientOutcome:
    data = _object(row, "a status report row")
    code = None if success else to_int(data.get("code"))
    cause = None if success else to_str(data.get("gsm_cause"))
    reason = None
    if code is not None:
        reason = f"{code} {TASK_STATUS_TEXT.get(code, 'Unknown')}"
    return RecipientOutcome(
        tid=tid,
        index=to_int(_first(data, "seq", "index")),
        number=to_str(data.get("number")),
        slot=_slot(data),
        sent_at=to_datetime(_first(data, "ts", "timestamp")),
        success=success,
        reason=reason,
        reason_code=code,
        carrier_reason=cause,
    )


def _stat_rows(value: Any) -> list[Any]:
    """Return statistics rows: a bare array (v3), or v2.1's ``stats`` object."""
    if isinstance(value, Mapping):
        value = value.get("stats")
    return _rows(value, "statistics")


def read_sms_statistics(value: Any) -> tuple[SmsStatistics, ...]:
    """Read the rows of ``get_sms_stats`` (the v2.1 row fields, in an array)."""
    return tuple(SmsStatistics.from_dict(row) for row in _stat_rows(value))


def read_call_statistics(value: Any) -> tuple[CallStatistics, ...]:
    """Read the rows of the v3 call statistics (an array, or v2.1's object)."""
    return tuple(CallStatistics.from_dict(row) for row in _stat_rows(value))


def _replies(value: Any) -> list[tuple[int, int, str | None]]:
    rows: list[tuple[int, int, str | None]] = []
    for row in _rows(value, "command replies"):
        data = _object(row, "a command reply")
        port = to_int(data.get("port"))
        code = to_int(data.get("code"))
        if port is None or code is None:
            raise EjoinResponseError("Command reply without a valid 'port' and 'code'")
        response = data.get("resp")
        rows.append((port, code, response if isinstance(response, str) else None))
    return rows


def read_ussd_replies(value: Any) -> tuple[UssdReply, ...]:
    """Read ``[{"port", "code", "resp"}]`` of ``send_ussds``.

    ``resp`` is the network's reply only when ``code`` is 0; otherwise the
    gateway's own words (``"unavailable"``), which are not kept as a reply.
    """
    return tuple(
        UssdReply(port=port, code=code, text=text if code == 0 else None)
        for port, code, text in _replies(value)
    )


def read_at_reply(value: Any, port: int) -> AtReply:
    """Read the reply of ``port`` in ``[{"port", "code", "resp"}]`` of ``send_ats``."""
    replies = _replies(value)
    for number, code, response in replies:
        if number == port:
            return AtReply(port=port, code=code, response=response)
    if len(replies) == 1:
        _, code, response = replies[0]
        return AtReply(port=port, code=code, response=response)
    raise EjoinResponseError(f"The AT reply names no result for port {port}")


def read_network_types(
    value: Any, ports: tuple[int, ...]
) -> dict[int, NetworkType | None]:
    """Read ``get_network_type``: the type of each of ``ports``.

    The document's reply is one object, ``{"type": "lte"}``, and names no port,
    while it describes the type as the port's: the one type then holds for
    every port. A reply of ``[{"port", "type"}]`` per port is read too.
    """
    if isinstance(value, Mapping):
        network_type = NetworkType.parse(value.get("type"))
        return dict.fromkeys(ports, network_type)
    types: dict[int, NetworkType | None] = dict.fromkeys(ports)
    for row in _rows(value, "network types"):
        data = _object(row, "a network type")
        port = to_int(data.get("port"))
        if port in types:
            types[port] = NetworkType.parse(data.get("type"))
    return types


def read_serving_cells(value: Any) -> tuple[ServingCell, ...]:
    """Read ``get_serving_cells``: one object per port.

    The document gives ``operator``, ``earfcn``, ``pci``, ``cid`` (hex) and
    ``rsrp``; ``rsrq``, ``sinr``, ``band`` and a technology are read when a
    firmware adds them. The band otherwise follows from the EARFCN.
    """
    cells: list[ServingCell] = []
    for row in _rows(value, "serving cells"):
        data = _object(row, "a serving cell")
        port = to_int(data.get("port"))
        if port is None or port < 1:
            _LOGGER.debug("Skipping a serving cell without a port: %r", row)
            continue
        earfcn = to_int(data.get("earfcn"))
        technology = to_str(_first(data, "technology", "tech", "rat"))
        cells.append(
            ServingCell(
                port=port,
                status=CellScanStatus.parse(data.get("status")),
                operator=to_str(data.get("operator")),
                technology=(technology or ("lte" if earfcn is not None else None)),
                earfcn=earfcn,
                band=to_int(data.get("band")) or lte_band(earfcn),
                pci=to_int(data.get("pci")),
                cell_id=to_str(data.get("cid")),
                rsrp=to_int(data.get("rsrp")),
                rsrq=to_int(data.get("rsrq")),
                sinr=to_int(data.get("sinr")),
            )
        )
    return tuple(cells)


def read_mms_report(data: Mapping[str, Any]) -> MmsReceptionReport:
    """Read an MMS reception report push (``ts``, ``port``, ``slot``, ``state``)."""
    state = to_str(data.get("state"))
    return MmsReceptionReport(
        slot=_slot(data),
        state=None if state is None else state.lower(),
        reason=to_str(data.get("reason")),
        reported_at=to_datetime(data.get("ts")),
        tid=to_str(data.get("tid")),
        mac=normalize_mac(data.get("mac")),
        iccid=to_str(data.get("iccid")),
    )
