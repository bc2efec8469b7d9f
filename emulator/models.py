"""Plain records of the emulated gateway: options, slots, ports, tasks, inbox, pushes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .seed import SimIdentity

__all__ = [
    "OPTION_CHOICES",
    "Attachment",
    "CallCounters",
    "Delivery",
    "Fault",
    "GatewayOptions",
    "InboxMessage",
    "Job",
    "MmsPart",
    "PortState",
    "Push",
    "SendTask",
    "Session",
    "SlotState",
    "StatusRegistration",
]


@dataclass(slots=True)
class GatewayOptions:
    """Behaviour switches of the emulator; every one can be changed at run time.

    The defaults follow the field notes where real gateways and the document differ.
    """

    #: Wrong credentials: ``http`` -> HTTP 401; ``json`` -> 200 with
    #: ``{"code": 1, "reason": "Invalid User"}``; ``json14`` -> 200 with
    #: ``{"code": 14, "reason": "Unauthorized"}`` (both codes are in section 6.3.2.3).
    auth_error: str = "http"
    #: Key of the slot count in ``dev-status``: ``max-slot`` (real dumps) or
    #: ``max-slots`` (section 4.1.3).
    slot_key_style: str = "max-slot"
    #: Send the slot count as a string (the document types ``max-slots`` String).
    slot_count_as_string: bool = False
    #: Answer ``goip_get_status.html`` with old firmware's plain-text lines.
    plain_text_status: bool = False
    #: Port notation in status rows and ``port-status`` pushes: ``dotted`` (``1.01``)
    #: or ``letter`` (``1A``, as in the examples of sections 4.1.3 and 4.1.4).
    status_port_style: str = "dotted"
    #: Port notation in inbox rows and ``recv-sms`` pushes (some firmware: ``1B``).
    inbox_port_style: str = "dotted"
    #: Rows of empty slots in ``dev-status``: ``reduced`` (``port, sim, seq, st,
    #: imei`` only), ``omit`` (left out entirely) or ``full``.
    empty_slots: str = "reduced"
    #: ``code`` of a successful ``goip_send_cmd.html`` command: 200 (most replies)
    #: or 0 (the document's example in section 6.4.2).
    command_ok_code: int = 200
    #: Seconds a module spends registering (``st`` 2) after reset/switch/unlock/boot.
    register_delay: float = 0.2
    #: Seconds the module needs to send one SMS.
    send_time: float = 0.02
    #: Seconds until a requested delivery report (``dr=1``) reaches the inbox.
    delivery_report_delay: float = 0.05
    #: Seconds an SMS to one of the emulator's own numbers spends in the network.
    network_delay: float = 0.05
    #: Unfinished tasks the device keeps; one more is refused ``16 Too Many Task``.
    max_queued_tasks: int = 128
    #: First recipient index in ``sdr``/``fdr`` rows (the v3 document's example
    #: numbers them from 1; the v2 text does not say).
    report_index_base: int = 1
    #: Several ``from`` ports: ``round_robin`` spreads the recipients over them;
    #: ``every_port`` sends each recipient from every port (the document's tips 2-3).
    multi_port_mode: str = "round_robin"
    #: Status-report batching when neither task nor message says (field notes).
    default_sr_cnt: int = 10
    default_sr_prd: float = 60.0
    #: Smallest accepted status push period (the document says 60; 0 = honour any).
    min_status_period: float = 0.0
    #: Push one ``dev-status`` right when a status URL is registered.
    status_push_on_register: bool = True
    #: Inbox messages kept (renumbered from 1) across a reboot; 0 clears the inbox.
    reboot_keep_inbox: int = 0
    #: Seconds the device stays unreachable during an ``op=reboot``.
    reboot_downtime: float = 0.0
    #: MMS push target (the real device sets it only in its web UI).
    mms_url: str = ""
    #: Target of the octet-stream "SMS to HTTP" push; empty = that mode is off.
    http_sms_url: str = ""
    #: Include ``mac`` in the "SMS to HTTP" query (some models send none).
    http_sms_mac: bool = True
    #: Add the v3 ``Emms-Mac``/``Emms-Port``/``Emms-Iccid``/``Emms-Imsi`` headers.
    mms_extra_headers: bool = False
    #: Answer HTTP 400 to a GET that carries a JSON ``Content-Type``, as some
    #: minimal device HTTP servers do (field notes).
    reject_json_get: bool = True
    #: Device IP and firmware version reported in ``dev-status``.
    ip: str = "127.0.0.1"
    ver: str = "532-604-924-041-100-000"
    #: Timeout of one push POST, seconds.
    push_timeout: float = 5.0

    def updated(self, changes: Mapping[str, Any]) -> GatewayOptions:
        """Return a copy with ``changes`` applied; raise ``ValueError`` on bad input."""
        known = {item.name: item for item in fields(self)}
        clean: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown option {name!r}")
            current = getattr(self, name)
            clean[name] = _coerce(name, current, value)
        return replace(self, **clean)


#: Allowed values of the enumerated options.
OPTION_CHOICES: dict[str, frozenset[str]] = {
    "auth_error": frozenset({"http", "json", "json14"}),
    "slot_key_style": frozenset({"max-slot", "max-slots"}),
    "status_port_style": frozenset({"dotted", "letter"}),
    "inbox_port_style": frozenset({"dotted", "letter"}),
    "empty_slots": frozenset({"reduced", "omit", "full"}),
    "multi_port_mode": frozenset({"round_robin", "every_port"}),
}


def _coerce(name: str, current: object, value: object) -> object:
    """Check ``value`` against the type of the option's current value."""
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise TypeError(f"option {name!r} takes true/false")
        return value
    if isinstance(current, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"option {name!r} takes an integer")
        return value
    if isinstance(current, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"option {name!r} takes a number")
        if value < 0:
            raise ValueError(f"option {name!r} must not be negative")
        return float(value)
    if not isinstance(value, str):
        raise TypeError(f"option {name!r} takes a string")
    choices = OPTION_CHOICES.get(name)
    if choices is not None and value not in choices:
        raise ValueError(f"option {name!r} must be one of {sorted(choices)}")
    return value


@dataclass(slots=True)
class CallCounters:
    """Seeded cumulative call statistics of one slot."""

    calls: int = 0
    connected: int = 0
    alerted: int = 0
    pdd: int = 0
    acd: int = 0


@dataclass(slots=True)
class SlotState:
    """One SIM slot: the SIM in it (if any) and what the device reports for it."""

    port: int
    slot: int
    sim: SimIdentity
    inserted: bool
    #: The status the slot reaches when it is the active, unlocked, registered slot
    #: (3 registered, 5 no balance, 6 register failed, 8 locked by operator, ...).
    network_st: int = 3
    locked: bool = False
    sig: int = 99
    balance: float = 0.0
    #: Whether the device knows the SIM's number without a ``sim_number(n)`` setting.
    number_known: bool = True
    seq: int = 0
    led: int = 0
    tot_used: int = 0
    tot_limit: int = -1
    mon_used: int = 0
    mon_limit: int = -1
    day_used: int = 0
    day_limit: int = -1
    #: ``(timestamp, kind)`` with kind ``received``, ``sent_ok`` or ``sent_failed``.
    events: list[tuple[float, str]] = field(default_factory=list)
    con_failed: int = 0
    calls: CallCounters = field(default_factory=CallCounters)


@dataclass(slots=True, eq=False)
class Attachment:
    """One MMS attachment of a send task (``jpg``, ``gif``, ``txt`` or ``mp3``)."""

    kind: str
    data: bytes


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
    attachments: list[Attachment]
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
    #: Results not yet reported: ``sdr`` and ``fdr`` rows, how many, since when.
    pend_sdr: list[list[Any]] = field(default_factory=list)
    pend_fdr: list[list[Any]] = field(default_factory=list)
    pend_count: int = 0
    pend_since: float | None = None

    @property
    def active(self) -> bool:
        """Whether the task still has recipients queued or being sent."""
        return not self.removed and (self.unsent > 0 or self.sending > 0)


@dataclass(slots=True, eq=False)
class Job:
    """One SMS of a task: one recipient, sent from one port."""

    task: SendTask
    index: int
    number: str
    port: int
    title: str = ""
    slot: int = 0
    waiting_since: float | None = None


@dataclass(slots=True)
class PortState:
    """One GSM module with its active slot and send queue."""

    port: int
    active_slot: int
    module_imei: str
    registering_until: float | None = None
    queue: list[Job] = field(default_factory=list)
    inflight: Job | None = None
    inflight_done: float = 0.0
    next_free: float = 0.0


@dataclass(slots=True)
class InboxMessage:
    """One message of the inbox (``goip_get_sms.html``)."""

    id: int
    flag: int
    port: int
    slot: int
    ts: int
    sender: str
    recipient: str
    #: Decoded text of a normal SMS, or ``"<code> <scts>"`` of a delivery report.
    text: str


@dataclass(slots=True)
class MmsPart:
    """One attachment of an MMS the gateway receives."""

    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class Delivery:
    """Something the mobile network will hand to one of the emulated SIMs."""

    due: float
    kind: str  # "sms", "report" or "mms"
    port: int
    slot: int
    sender: str
    recipient: str
    text: str
    subject: str = ""
    parts: list[MmsPart] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Push:
    """One HTTP POST the gateway makes, with its outcome once dispatched."""

    kind: str
    url: str
    body: bytes
    content_type: str
    created: float
    headers: dict[str, str] = field(default_factory=dict)
    payload: Any = None
    status: int | None = None
    error: str | None = None
    #: Why the push was not sent at all (no URL configured, device offline).
    dropped: str | None = None

    def summary(self) -> dict[str, Any]:
        """Return the JSON-able record shown by ``GET /_emulator/state``."""
        return {
            "type": self.kind,
            "url": self.url,
            "status": self.status,
            "error": self.error,
            "dropped": self.dropped,
            "time": self.created,
            "payload": self.payload,
        }


@dataclass(slots=True)
class StatusRegistration:
    """The ``dev-status`` push target set through ``goip_get_status.html``."""

    url: str
    period: float
    all_slots: bool
    all_sims: bool
    next_push: float


@dataclass(slots=True)
class Session:
    """A secure session of section 3."""

    session_id: str
    username: str
    client_auth: str
    crypt: str
    lifetime: float
    expires_at: float
    last_seq: int | None = None


@dataclass(slots=True)
class Fault:
    """An injected failure of the device endpoints."""

    #: "http500", "garbage", "slow", "truncated", "html", "drop" or "reboot"
    #: (see ``Gateway.set_fault``).
    mode: str
    delay: float = 1.0
    remaining: int | None = None
