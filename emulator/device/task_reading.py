"""Reading one task of ``goip_post_sms.html``: its content checks (section 6.3.2).

A task is refused with the first code that applies: 9 no recipient, 2 a bad
``from``, 17 an MMS without ``smstitle``, 19/18/20 bad MMS attachments, 8 no text.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from emulator.mms import AttachmentError, TaskAttachment, parse_attachments
from emulator.notation import NotationError
from emulator.values import as_float, as_int, recipients_of, title_pairs

if TYPE_CHECKING:
    from collections.abc import Mapping

    from emulator.options import GatewayOptions

    from .modules import Modules

__all__ = ["TaskSpec", "read_task"]

#: Total size limit of the attachments of one MMS task (section 6.3.2.2).
MMS_MAX_BYTES = 100 * 1024
MMS_MAX_ATTACHMENTS = 5


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """What one task asks for, checked."""

    recipients: list[str]
    #: Subjects of ``smstype`` 2, per recipient.
    titles: dict[str, str]
    from_spec: str
    #: The ports named by ``from`` (empty: any usable port).
    ports: list[int]
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


def read_task(
    item: Mapping[str, Any],
    message: Mapping[str, Any],
    *,
    modules: Modules,
    options: GatewayOptions,
) -> TaskSpec | int:
    """Return what ``item`` asks for, or the code it is refused with.

    ``message`` is the task message (``sr_cnt``/``sr_prd`` for tasks without).
    """
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
            refs = modules.parse(from_spec)
        except NotationError:
            return 2
        # A slot in ``from`` (``1.02``) selects its port; the module sends with
        # whatever SIM is active there.
        ports = list(dict.fromkeys(ref.port for ref in refs))
    attachments: list[TaskAttachment] = []
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
    return TaskSpec(
        recipients=recipients,
        titles=dict(titles),
        from_spec=from_spec,
        ports=ports,
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
        sr_cnt=_report_count(item, message, options),
        sr_prd=_report_period(item, message, options),
    )


def _report_count(
    item: Mapping[str, Any], message: Mapping[str, Any], options: GatewayOptions
) -> int:
    """``sr_cnt``: the task's (if >= 1), else the message's, else the default."""
    for source in (item, message):
        value = as_int(source.get("sr_cnt"), 0)
        if value >= 1:
            return value
    return options.default_sr_cnt


def _report_period(
    item: Mapping[str, Any], message: Mapping[str, Any], options: GatewayOptions
) -> float:
    """``sr_prd``: the task's, else the message's, else the default (0 = off)."""
    for source in (item, message):
        if source.get("sr_prd") not in {None, ""}:
            return max(0.0, as_float(source.get("sr_prd"), 0.0))
    return options.default_sr_prd
