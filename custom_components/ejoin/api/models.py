"""Typed models of Ejoin gateway data.

The models are plain frozen dataclasses, independent of the transport. The
``from_dict``/``from_row`` class methods read the JSON shapes of the v2.1 HTTP API
(``goip_*`` endpoints and their pushes) tolerantly: missing optional fields become
None, drifting types are coerced (field notes), and only a missing essential field
(for example a slot row without ``port``) raises :class:`EjoinResponseError`. The
shapes of API v3 build the same models in :mod:`.v3_shapes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from functools import lru_cache
import logging
import re
from typing import TYPE_CHECKING, Any, Self

from ._convert import (
    clean_text,
    decode_base64_text,
    normalize_mac,
    split_code,
    to_bool,
    to_datetime,
    to_decimal,
    to_int,
    to_str,
)
from .exceptions import EjoinResponseError
from .notation import PortSelection, SlotAddress

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from decimal import Decimal

_LOGGER = logging.getLogger(__name__)

#: At most this many MMS attachments per task (doc 6.3.2.2).
MMS_MAX_ATTACHMENTS = 5
#: All MMS attachments of one task together stay below this size. The doc says
#: "100K" without saying of what; it is read here as 100 KiB of raw file bytes.
MMS_MAX_ATTACHMENT_BYTES = 100 * 1024
#: File types the gateway accepts as MMS attachments.
MMS_ATTACHMENT_KINDS = frozenset({"jpg", "gif", "txt", "mp3"})
#: The largest gateways made: 512 ports of 32 SIM slots (field notes).
MAX_PORTS = 512
MAX_SLOTS = 32


class _DeviceCode(IntEnum):
    """A numeric code of the device; codes the document does not define read None."""

    @classmethod
    def from_code(cls, code: int | None) -> Self | None:
        """Return the member for ``code``, None when absent or unknown."""
        if code is None:
            return None
        try:
            return cls(code)
        except ValueError:
            return None


class PortState(_DeviceCode):
    """Port/slot state codes of the ``st`` field (doc 4.1.4, field notes)."""

    NO_SIM = 0
    IDLE_SIM = 1
    REGISTERING = 2
    REGISTERED = 3
    CALL_CONNECTED = 4
    NO_BALANCE = 5
    REGISTER_FAILED = 6
    LOCKED_BY_DEVICE = 7
    LOCKED_BY_OPERATOR = 8
    SIM_ERROR = 9
    # 10 is undefined in every document: it maps to None (unknown).
    CARD_DETECTED = 11
    USER_LOCKED = 12
    INTER_CALLING = 13
    INTER_CALLING_HOLDING = 14
    ACCESS_MOBILE_NETWORK = 15
    MODULE_RESPONSE_TIMEOUT = 16


class TaskStatusCode(_DeviceCode):
    """Per-task result codes of the SMS task endpoints (doc 6.3.2.3)."""

    OK = 0
    INVALID_USER = 1
    INVALID_PORT = 2
    USSD_EXPECTED = 3
    PENDING_USSD = 4
    SIM_UNREGISTERED = 5
    TIMEOUT = 6
    SERVER_ERROR = 7
    SMS_EXPECTED = 8
    TO_EXPECTED = 9
    PENDING_TRANSACTION = 10
    TID_EXPECTED = 11
    FROM_EXPECTED = 12
    DUPLICATED_TASK_ID = 13
    UNAUTHORIZED = 14
    INVALID_CMD = 15
    TOO_MANY_TASK = 16
    MMS_TITLE_EXPECTED = 17
    TOO_MANY_MMS_ATTACHMENTS = 18
    MMS_ATTACHMENTS_EXPECTED = 19
    MMS_ATTACHMENTS_CACHE_SIZE_OVERLIMIT = 20


#: The doc's texts of the task status codes, used when a reply gives a bare code.
TASK_STATUS_TEXT: Mapping[int, str] = {
    0: "OK",
    1: "Invalid User",
    2: "Invalid Port",
    3: "USSD Expected",
    4: "Pending USSD",
    5: "SIM Unregistered",
    6: "Timeout",
    7: "Server Error",
    8: "SMS expected",
    9: "TO expected",
    10: "Pending Transaction",
    11: "TID Expected",
    12: "FROM Expected",
    13: "Duplicated TaskId",
    14: "Unauthorized",
    15: "Invalid CMD",
    16: "Too Many Task",
    17: "MMS Title expected",
    18: "Too Many MMS Attachments",
    19: "MMS Attachments expected",
    20: "MMS Attachments Cache size Overlimit",
}


class SmsCoding(IntEnum):
    """SMS codec of a send task (``coding``)."""

    AUTO = 0
    UCS2 = 1
    GSM_7BIT = 2

    @classmethod
    def parse(cls, value: str | int | SmsCoding) -> SmsCoding:
        """Return the coding for ``"auto"``, ``"ucs2"``, ``"7bit"`` or 0/1/2."""
        if isinstance(value, SmsCoding):
            return value
        if isinstance(value, int):
            return cls(value)
        names = {"auto": cls.AUTO, "ucs2": cls.UCS2, "7bit": cls.GSM_7BIT}
        try:
            return names[value.strip().lower()]
        except KeyError:
            raise ValueError(
                f"Unknown SMS coding {value!r}: expected auto, ucs2 or 7bit"
            ) from None


class SmsType(IntEnum):
    """Kind of a send task (``smstype``)."""

    SMS = 0
    MMS = 1
    #: MMS to several numbers, each with its own subject (``to_title_array``).
    MMS_MULTI = 2


class StatPeriod(IntEnum):
    """Period of the statistics queries (``type``, doc 9.1.2/10.1.2)."""

    LAST_HOUR = 0
    LAST_2_HOURS = 1
    TODAY = 2
    CUMULATIVE = 3

    @classmethod
    def parse(cls, value: str | int | StatPeriod) -> StatPeriod:
        """Return the period for ``"last_hour"``, ``"today"``, ... or 0-3."""
        if isinstance(value, StatPeriod):
            return value
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"Unknown statistics period {value!r}: expected last_hour, "
                "last_2_hours, today or cumulative"
            ) from None


class CommandOp(StrEnum):
    """Operations of ``goip_send_cmd.html`` that take ports."""

    LOCK = "lock"
    UNLOCK = "unlock"
    SWITCH = "switch"
    RESET = "reset"


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    """Return ``data`` if it is a JSON object, else raise EjoinResponseError."""
    if not isinstance(data, Mapping):
        raise EjoinResponseError(f"Expected a JSON object for {what}")
    return data


def _list(value: Any) -> list[Any]:
    """Return ``value`` if it is a JSON array, else an empty list."""
    return list(value) if isinstance(value, list | tuple) else []


def _address(value: Any) -> SlotAddress | None:
    """Return the slot address of a ``port`` field, or None."""
    # Exact types (JSON makes no subclasses; a bool is no port): once per row.
    if type(value) is str or type(value) is int:
        return _cached_address(value)
    return None


@lru_cache(maxsize=4096)
def _cached_address(value: int | str) -> SlotAddress | None:
    """Parse a ``port`` field; cached, as every row of a burst names a few slots."""
    if isinstance(value, int):
        # A number no gateway sends (beyond 64 bits) makes the row unreadable.
        return SlotAddress.parse_lenient(value) if value >= 1 else None
    if len(value) > 32:
        return None
    try:
        return SlotAddress.parse_lenient(value)
    except ValueError:
        return None


def _first(data: Mapping[str, Any], *keys: str) -> Any:
    """Return the value of the first present key."""
    for key in keys:
        if key in data:
            return data[key]
    return None


@dataclass(frozen=True, slots=True)
class CallMinuteLimit:
    """A ``"used/limit"`` call-minute counter (``tot_dur``/``mon_dur``/``day_dur``).

    ``limit`` is None when the gateway reports -1 (no limit).
    """

    used: int
    limit: int | None

    @property
    def remaining(self) -> int | None:
        """Return the minutes left, None without a limit."""
        if self.limit is None:
            return None
        return max(self.limit - self.used, 0)

    @classmethod
    def parse(cls, value: Any) -> CallMinuteLimit | None:
        """Parse ``"12/100"`` or ``"0/-1"``; None when unreadable."""
        if not isinstance(value, str) or "/" not in value:
            return None
        used_text, _, limit_text = value.partition("/")
        used, limit = to_int(used_text), to_int(limit_text)
        if used is None or limit is None:
            return None
        return cls(used, None if limit < 0 else limit)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotStatus:
    """State of one SIM slot (one row of ``status``, or a ``port-status`` push)."""

    address: SlotAddress
    state: PortState | None = None
    #: The raw numeric state, also when ``state`` is None (e.g. undefined 10).
    state_code: int | None = None
    #: The text after the code (``"OK"`` in ``"3 OK"``), when the gateway sent one.
    state_text: str | None = None
    balance: Decimal | None = None
    operator_code: str | None = None
    operator_name: str | None = None
    sim_number: str | None = None
    imei: str | None = None
    imsi: str | None = None
    iccid: str | None = None
    #: Raw module signal 0-31; 99 (unknown) and out-of-range values are None.
    signal: int | None = None
    #: The slot is the port's current card.
    active: bool | None = None
    #: A card is physically inserted.
    inserted: bool | None = None
    #: The slot is enabled (``slot_active``).
    enabled: bool | None = None
    #: Sim pool identification (``sim``).
    sim: str | None = None
    seq: int | None = None
    led: bool | None = None
    network: str | None = None
    total_minutes: CallMinuteLimit | None = None
    month_minutes: CallMinuteLimit | None = None
    day_minutes: CallMinuteLimit | None = None

    @property
    def port(self) -> int:
        """Return the port number."""
        return self.address.port

    @property
    def slot(self) -> int:
        """Return the slot number."""
        return self.address.slot

    @property
    def signal_dbm(self) -> int | None:
        """Return the signal in dBm (-113 + 2 x raw, 3GPP 27.007), or None."""
        if self.signal is None:
            return None
        return -113 + 2 * self.signal

    @property
    def has_sim(self) -> bool | None:
        """Return whether a SIM is present, from ``inserted`` or the state."""
        if self.inserted is not None:
            return self.inserted
        if self.state is None:
            return None
        return self.state is not PortState.NO_SIM

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse one status row / port-status push (v2.1 shape).

        The state is in ``st`` (an int in dumps, ``"3 OK"`` in pushes); the doc's
        own port-status example calls it ``status``, so that is read too.
        """
        data = _mapping(data, "a slot status")
        address = _address(data.get("port"))
        if address is None:
            raise EjoinResponseError("Slot status without a valid 'port'")
        raw_state = data["st"] if "st" in data else data.get("status")
        state_code, state_text = split_code(raw_state)
        operator_code, operator_name = _split_operator(data.get("opr"))
        signal = to_int(data.get("sig"))
        # 0-31 is the module's CSQ scale; 99 means unknown, anything else is junk.
        if signal is not None and not 0 <= signal <= 31:
            signal = None
        return cls(
            address=address,
            state=PortState.from_code(state_code),
            state_code=state_code,
            state_text=state_text,
            balance=to_decimal(data.get("bal")),
            operator_code=operator_code,
            operator_name=operator_name,
            sim_number=to_str(data.get("sn")),
            imei=to_str(data.get("imei")),
            imsi=to_str(data.get("imsi")),
            iccid=to_str(data.get("iccid")),
            signal=signal,
            active=to_bool(data.get("active")),
            inserted=to_bool(data.get("inserted")),
            enabled=to_bool(_first(data, "slot_active", "Slot_active")),
            sim=to_str(data.get("sim")),
            seq=to_int(data.get("seq")),
            led=to_bool(data.get("led")),
            network=to_str(data.get("network")),
            total_minutes=CallMinuteLimit.parse(data.get("tot_dur")),
            month_minutes=CallMinuteLimit.parse(data.get("mon_dur")),
            day_minutes=CallMinuteLimit.parse(data.get("day_dur")),
        )


def _split_operator(value: Any) -> tuple[str | None, str | None]:
    """Split ``"46001 CHINA UNICOM GSM"`` into code and name.

    ``"0 "`` (code 0, empty name: no operator) gives ``(None, None)``; a value
    without a leading code is taken as the name.
    """
    text = to_str(value)
    if text is None:
        return None, None
    code, _, name = text.partition(" ")
    if not code.isdigit():
        return None, text
    return (None if code.strip("0") == "" else code), to_str(name)


class SlotRowMemo:
    """The status rows of the last reply, and the slots they were parsed into.

    A gateway lists every slot in each status reply and most rows are the same as
    last time: those are taken from here instead of being parsed again (parsing
    is most of a poll's cost on a gateway of hundreds of slots), and an unchanged
    slot is the same object as before, so comparing two statuses is quick. It
    holds one reply's rows at a time.
    """

    __slots__ = ("_rows",)

    def __init__(self) -> None:
        """Start with no rows."""
        self._rows: dict[tuple[Any, ...], SlotStatus] = {}

    def parse(self, rows: Sequence[Any]) -> dict[SlotAddress, SlotStatus]:
        """Return the slots of ``rows``; unreadable rows are skipped."""
        known, self._rows = self._rows, {}
        slots: dict[SlotAddress, SlotStatus] = {}
        for row in rows:
            key = _row_key(row)
            status = None if key is None else known.get(key)
            if status is None:
                try:
                    status = SlotStatus.from_dict(row)
                except EjoinResponseError:
                    _LOGGER.debug("Skipping unreadable status row %r", row)
                    continue
            if key is not None:
                self._rows[key] = status
            slots[status.address] = status
        return slots


def _row_key(row: Any) -> tuple[Any, ...] | None:
    """Return a hashable copy of a flat row, None for anything else.

    Each value's type is part of it: ``1``, ``1.0`` and ``True`` compare equal
    but do not read the same everywhere.
    """
    if not isinstance(row, dict):
        return None
    key = (tuple(row.items()), tuple(map(type, row.values())))
    try:
        hash(key)
    except TypeError:
        return None
    return key


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceStatus:
    """Status of the whole gateway (``goip_get_status.html`` / ``dev-status``)."""

    #: Lowercase colon form ``"00:30:f1:01:02:03"``; None on old plain-text firmware.
    mac: str | None = None
    ip: str | None = None
    #: Firmware version (``ver``).
    firmware: str | None = None
    max_ports: int
    slots_per_port: int = 1
    #: The push period in a pushed dev-status; -1 in a polled one (field notes).
    expires: int | None = None
    seq: int | None = None
    #: Reported slots, ordered by address. Slots may be missing (empty slots are
    #: often left out): absence is not proof the hardware is gone.
    slots: Mapping[SlotAddress, SlotStatus] = field(default_factory=dict, hash=False)
    #: Rows left out because their address lies beyond :data:`MAX_PORTS` x
    #: :data:`MAX_SLOTS`, or a declared size beyond them (then capped).
    out_of_range: int = field(default=0, compare=False)

    @property
    def port_numbers(self) -> tuple[int, ...]:
        """Return the gateway's port numbers 1..max_ports."""
        return tuple(range(1, self.max_ports + 1))

    def slot(self, address: SlotAddress | str) -> SlotStatus | None:
        """Return the status of one slot, None when it was not reported."""
        if isinstance(address, str):
            address = SlotAddress.parse(address)
        return self.slots.get(address)

    def slots_of(self, port: int) -> tuple[SlotStatus, ...]:
        """Return the reported slots of one port, in slot order."""
        highest = max(self.slots_per_port, 1)
        return tuple(
            status
            for slot in range(1, highest + 1)
            if (status := self.slots.get(SlotAddress(port, slot))) is not None
        )

    def active_slot(self, port: int) -> SlotStatus | None:
        """Return the port's current card.

        The slot flagged ``active``; a port with a single reported slot and no
        ``active`` flags at all (single-slot or old firmware) has that one.
        """
        slots = self.slots_of(port)
        for status in slots:
            if status.active:
                return status
        if len(slots) == 1 and slots[0].active is None:
            return slots[0]
        return None

    def with_slot(self, status: SlotStatus) -> DeviceStatus:
        """Return a copy with one slot replaced (for a ``port-status`` push).

        When the new slot is the port's active card, its siblings are marked
        inactive, since a port has one current card.
        """
        slots = dict(self.slots)
        if status.active:
            for sibling in self.slots_of(status.port):
                if sibling.address != status.address and sibling.active:
                    slots[sibling.address] = replace(sibling, active=False)
        slots[status.address] = status
        return replace(
            self,
            max_ports=max(self.max_ports, status.port),
            slots_per_port=max(self.slots_per_port, status.slot),
            slots=dict(sorted(slots.items())),
        )

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, memo: SlotRowMemo | None = None
    ) -> Self:
        """Parse a status reply or ``dev-status`` push (v2.1 shape).

        The slot count is read from ``max-slot`` (real dumps) or ``max-slots``
        (doc), an int or a string, default 1. Rows without a usable ``port`` are
        skipped. Port and slot counts are raised to the highest reported address
        so a row is never outside the gateway's declared size. ``memo`` holds the
        rows of an earlier reply: those that did not change are not parsed again.
        """
        data = _mapping(data, "the device status")
        rows = data.get("status")
        if rows is not None and not isinstance(rows, list | tuple):
            raise EjoinResponseError("Device status 'status' is not an array")
        memo = memo if memo is not None else SlotRowMemo()
        return cls._build(data, memo.parse(_list(rows)))

    @classmethod
    def _build(
        cls, data: Mapping[str, Any], slots: dict[SlotAddress, SlotStatus]
    ) -> Self:
        """Build the status from device-level fields and parsed slots."""
        declared_ports = to_int(_first(data, "max-ports", "max_ports", "max-port"))
        declared_slots = to_int(
            _first(data, "max-slot", "max-slots", "max_slot", "max_slots")
        )
        # No gateway has more than 512 ports of 32 slots: a reply that says so is
        # broken or forged, and must not create millions of entities.
        kept = {
            address: slot
            for address, slot in slots.items()
            if address.port <= MAX_PORTS and address.slot <= MAX_SLOTS
        }
        out_of_range = len(slots) - len(kept)
        out_of_range += (declared_ports or 0) > MAX_PORTS
        out_of_range += (declared_slots or 0) > MAX_SLOTS
        slots = kept
        seen_ports = max((address.port for address in slots), default=0)
        seen_slots = max((address.slot for address in slots), default=0)
        return cls(
            mac=normalize_mac(data.get("mac")),
            ip=to_str(data.get("ip")),
            firmware=to_str(_first(data, "ver", "version", "firmware")),
            max_ports=min(max(declared_ports or 0, seen_ports, 1), MAX_PORTS),
            slots_per_port=min(max(declared_slots or 1, seen_slots, 1), MAX_SLOTS),
            expires=to_int(data.get("expires")),
            seq=to_int(data.get("seq")),
            slots=dict(sorted(slots.items())),
            out_of_range=out_of_range,
        )

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Parse the plain-text status of old firmware.

        One line per slot, ``key=value`` pairs separated by ``;`` (for example
        ``port=1;sn=...;st=3 Registered;...``). Lines may end with ``<br>``. A line
        without ``port`` is read as device-level fields (``mac=``, ``max-ports=``)
        if it has any.
        """
        device: dict[str, str] = {}
        slots: dict[SlotAddress, SlotStatus] = {}
        for line in re.split(r"\r?\n|<br\s*/?>", text, flags=re.IGNORECASE):
            pairs = _text_pairs(line)
            if not pairs:
                continue
            if "port" not in pairs:
                device.update(pairs)
                continue
            try:
                status = SlotStatus.from_dict(pairs)
            except EjoinResponseError:
                _LOGGER.debug("Skipping unreadable status line %r", line)
                continue
            slots[status.address] = status
        if not slots and not device.keys() & _DEVICE_TEXT_KEYS:
            # An HTML page (a proxy's, a login form) has "key=value" attributes
            # too: without a slot line or a device field it is no status.
            raise EjoinResponseError(
                "Status text has no 'key=value' slot or device lines"
            )
        return cls._build(device, slots)


#: Device-level fields of a plain-text status (see :meth:`DeviceStatus._build`).
_DEVICE_TEXT_KEYS = frozenset(
    {
        "mac",
        "ip",
        "ver",
        "version",
        "firmware",
        "max-ports",
        "max_ports",
        "max-port",
        "max-slot",
        "max-slots",
        "max_slot",
        "max_slots",
    }
)


def _text_pairs(line: str) -> dict[str, str]:
    """Read ``a=1;b=2`` into a dict, ignoring parts without ``=``."""
    pairs: dict[str, str] = {}
    for part in line.split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip():
            pairs[key.strip().lower()] = value.strip()
    return pairs


@dataclass(frozen=True, slots=True)
class TaskResult:
    """Result of one task in a send/pause/resume/remove reply."""

    tid: int
    code: int
    reason: str

    @property
    def ok(self) -> bool:
        """Return True when the device accepted the task (code 0)."""
        return self.code == 0

    @property
    def status(self) -> TaskStatusCode | None:
        """Return the code as :class:`TaskStatusCode`, None when unknown."""
        return TaskStatusCode.from_code(self.code)

    def __str__(self) -> str:
        """Return ``"<code> <reason>"`` like the device does."""
        return f"{self.code} {self.reason}"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse ``{"tid": 1, "status": "0 OK"}`` (status may also be an int)."""
        data = _mapping(data, "a task result")
        tid = to_int(data.get("tid"))
        if tid is None:
            raise EjoinResponseError("Task result without a valid 'tid'")
        code, text = split_code(data.get("status"))
        if code is None:
            raise EjoinResponseError(f"Task result {tid} without a status code")
        return cls(tid, code, text or TASK_STATUS_TEXT.get(code, "Unknown"))


@dataclass(frozen=True, slots=True)
class MmsAttachment:
    """One MMS attachment to send: kind ``jpg``, ``gif``, ``txt`` or ``mp3``."""

    kind: str
    data: bytes = field(repr=False)

    def __post_init__(self) -> None:
        """Reject kinds the gateway does not take."""
        if self.kind not in MMS_ATTACHMENT_KINDS:
            raise ValueError(
                f"Unsupported MMS attachment type {self.kind!r}: expected one of "
                f"{', '.join(sorted(MMS_ATTACHMENT_KINDS))}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class SmsTask:
    """One SMS or MMS task of a send request (doc 6.3.2.2).

    None leaves an attribute to the gateway's default. ``tid`` must be unique on
    the gateway: a retry reusing it is refused with code 13 (Duplicated TaskId),
    so it can never send twice.
    """

    tid: int
    to: tuple[str, ...]
    message: str = ""
    #: Ports/slots to send from; None lets the gateway choose.
    from_ports: PortSelection | None = None
    coding: SmsCoding = SmsCoding.AUTO
    interval_ms: int | None = None
    timeout_s: int | None = None
    #: Report successful sends (``sdr``); gateway default off.
    report_success: bool | None = None
    #: Report failed sends (``fdr``); gateway default on.
    report_failure: bool | None = None
    #: Request handset delivery reports (``dr``); gateway default off.
    delivery_report: bool | None = None
    #: Per-task status report period in seconds (``sr_prd``).
    sr_prd: int | None = None
    #: Per-task status report batch size (``sr_cnt``).
    sr_cnt: int | None = None
    #: SMS centre number (``smc``).
    smsc: str | None = None
    sms_type: SmsType = SmsType.SMS
    #: MMS subject (``smstitle``).
    title: str | None = None
    attachments: tuple[MmsAttachment, ...] = ()
    #: ``(number, subject)`` pairs for :attr:`SmsType.MMS_MULTI`.
    to_titles: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        """Validate what the gateway would refuse anyway."""
        if self.tid < 0:
            raise ValueError(f"Task id must not be negative, got {self.tid}")
        if isinstance(self.to, str):  # type: ignore[unreachable]
            raise TypeError("'to' must be a tuple of numbers, not a string")
        if not self.to and not self.to_titles:
            raise ValueError("An SMS task needs at least one recipient")
        if any(not number.strip() or "," in number for number in self.to):
            raise ValueError("Recipient numbers must be non-empty and comma-free")
        if (self.attachments or self.to_titles) and self.sms_type is SmsType.SMS:
            raise ValueError("Attachments and titles need an MMS task type")
        if len(self.attachments) > MMS_MAX_ATTACHMENTS:
            raise ValueError(
                f"At most {MMS_MAX_ATTACHMENTS} MMS attachments, "
                f"got {len(self.attachments)}"
            )
        size = sum(len(attachment.data) for attachment in self.attachments)
        if size > MMS_MAX_ATTACHMENT_BYTES:
            raise ValueError(
                f"MMS attachments total {size} bytes, above the gateway limit of "
                f"{MMS_MAX_ATTACHMENT_BYTES} bytes"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientOutcome:
    """Outcome of one recipient of a task (a ``sdr`` or ``fdr`` row)."""

    tid: int
    #: The recipient's index within the task (group sending).
    index: int | None
    number: str | None
    slot: SlotAddress | None
    sent_at: datetime | None
    success: bool
    #: Progress reason as sent (``"6 Timeout"``); None for successes.
    reason: str | None = None
    reason_code: int | None = None
    #: The carrier's own reason text, valid when the send failed.
    carrier_reason: str | None = None

    @classmethod
    def from_row(cls, tid: int, row: Sequence[Any], *, success: bool) -> Self:
        """Parse ``[index, number, port, timestamp(, reason, carrier_reason)]``."""
        if not isinstance(row, list | tuple):
            raise EjoinResponseError("Status report row is not an array")
        cells = [*row, None, None, None, None, None, None][:6]
        reason = None if success else to_str(cells[4])
        reason_code, _ = split_code(cells[4]) if reason else (None, None)
        return cls(
            tid=tid,
            index=to_int(cells[0]),
            number=to_str(cells[1]),
            slot=_address(cells[2]),
            sent_at=to_datetime(cells[3]),
            success=success,
            reason=reason,
            reason_code=reason_code,
            carrier_reason=None if success else to_str(cells[5]),
        )


def _rows(value: Any) -> list[Any]:
    """Return a list of rows; a single flat row is wrapped ("one list per num")."""
    rows = _list(value)
    if rows and not isinstance(rows[0], list | tuple):
        return [rows]
    return rows


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusReport:
    """Send progress of one task (one ``rpts`` element of a ``status-report``).

    ``sending``/``sent``/``failed`` are cumulative for the task; ``outcomes``
    holds only the rows since the previous report.
    """

    tid: int
    sending: int | None = None
    sent: int | None = None
    failed: int | None = None
    unsent: int | None = None
    outcomes: tuple[RecipientOutcome, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse one report with its ``sdr``/``fdr`` rows."""
        data = _mapping(data, "a status report")
        tid = to_int(data.get("tid"))
        if tid is None:
            raise EjoinResponseError("Status report without a valid 'tid'")
        outcomes = [
            RecipientOutcome.from_row(tid, row, success=True)
            for row in _rows(data.get("sdr"))
        ] + [
            RecipientOutcome.from_row(tid, row, success=False)
            for row in _rows(data.get("fdr"))
        ]
        return cls(
            tid=tid,
            sending=to_int(data.get("sending")),
            sent=to_int(data.get("sent")),
            failed=to_int(data.get("failed")),
            unsent=to_int(data.get("unsent")),
            outcomes=tuple(outcomes),
        )


_REPORT_RE = re.compile(r"^\s*(\d{1,9})(?:\s+(.*?))?\s*$", re.DOTALL)


def _decode_content(
    content: str, is_report: bool, *, encoded: bool
) -> tuple[str, int | None, str | None]:
    """Return a message's text, and a delivery report's code and SCTS.

    ``encoded``: ``content`` may be base64 (decoded when it is valid base64 of
    UTF-8 text, else kept as it is).
    """
    if not is_report:
        if encoded and (decoded := decode_base64_text(content)) is not None:
            return decoded, None, None
        return content, None, None
    text = content
    match = _REPORT_RE.match(content)
    if match is None and encoded:
        decoded = decode_base64_text(content)
        if decoded is not None and (match := _REPORT_RE.match(decoded)):
            text = decoded
    if match is None:
        return text, None, None
    return text, int(match.group(1)), to_str(match.group(2))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivedSms:
    """A received SMS or handset delivery report."""

    is_delivery_report: bool
    slot: SlotAddress | None
    received_at: datetime | None
    #: The sender; the SMS centre for a delivery report.
    sender: str | None
    #: The recipient; the original recipient for a delivery report.
    recipient: str | None
    #: Decoded text (for a delivery report: the content as it is).
    text: str
    #: Content exactly as the gateway sent it.
    raw_content: str = field(repr=False)
    #: Delivery report code (0 = delivered), None for normal SMS.
    report_code: int | None = None
    #: Delivery report service centre timestamp, as sent.
    scts: str | None = None
    iccid: str | None = None
    imsi: str | None = None
    imei: str | None = None
    #: True when ``received_at`` is the time the push arrived, not the gateway's
    #: own timestamp (the "SMS to HTTP" push carries none).
    time_estimated: bool = False

    @property
    def delivered(self) -> bool | None:
        """Return True/False for a delivery report, None for normal SMS."""
        if not self.is_delivery_report:
            return None
        return self.report_code == 0

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Self:
        """Parse ``[flag, port, timestamp, sender, recipient, content]``.

        Content is decoded tolerantly (field notes): base64 when it is valid
        base64 of UTF-8 text, else kept as it is. A delivery report's content is
        plain ``"code scts"``; a base64-wrapped one is accepted too.
        """
        if not isinstance(row, list | tuple) or len(row) < 6:
            raise EjoinResponseError("SMS row is not an array of six fields")
        flag, port, timestamp, sender, recipient, content = row[:6]
        raw = clean_text(content) if isinstance(content, str) else to_str(content) or ""
        is_report = bool(to_bool(flag))
        text, report_code, scts = _decode_content(raw, is_report, encoded=True)
        # The constructor itself, not build(): a thousand rows per push.
        return cls(
            is_delivery_report=is_report,
            slot=_address(port),
            received_at=to_datetime(timestamp),
            sender=to_str(sender),
            recipient=to_str(recipient),
            text=text,
            raw_content=raw,
            report_code=report_code,
            scts=scts,
        )

    @classmethod
    def build(
        cls,
        *,
        is_delivery_report: bool,
        slot: SlotAddress | None,
        received_at: datetime | None,
        sender: str | None,
        recipient: str | None,
        content: str,
        content_is_encoded: bool = True,
        iccid: str | None = None,
        imsi: str | None = None,
        imei: str | None = None,
        time_estimated: bool = False,
    ) -> Self:
        """Build a message, decoding ``content`` (base64 or plain, see from_row)."""
        text, report_code, scts = _decode_content(
            content, is_delivery_report, encoded=content_is_encoded
        )
        return cls(
            is_delivery_report=is_delivery_report,
            slot=slot,
            received_at=received_at,
            sender=sender,
            recipient=recipient,
            text=text,
            raw_content=content,
            report_code=report_code,
            scts=scts,
            iccid=iccid,
            imsi=imsi,
            imei=imei,
            time_estimated=time_estimated,
        )


@dataclass(frozen=True, slots=True)
class InboxMessage:
    """A message of the gateway's inbox with its id (unique per ``ssrc``)."""

    id: int
    sms: ReceivedSms


@dataclass(frozen=True, slots=True, kw_only=True)
class InboxPage:
    """One answer of ``goip_get_sms.html``.

    ``(ssrc, id)`` identifies a message durably; ``ssrc`` changes when the
    gateway reboots and ids restart at 1.
    """

    ssrc: str | None
    #: Cursor for the next query (``next_sms``).
    next_id: int | None
    messages: tuple[InboxMessage, ...] = ()
    #: True when the derived ids are certain: the rows exactly fill
    #: ``start_id .. next_id - 1`` (see :meth:`from_dict`).
    ids_certain: bool = True
    #: Id of the first row and how many rows the gateway returned, unreadable
    #: ones included: what a delete of exactly this page names.
    first_id: int = 1
    row_count: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, start_id: int = 1) -> Self:
        """Parse the reply to a query that started at ``start_id``.

        The doc gives no id per row, so ids are derived. When ``next_sms`` allows
        it (``next_sms - rows >= start_id``) the rows are taken as the ones just
        before it (``next_sms - rows + position``), which stays right after the
        oldest messages were deleted with ``sms_del``; otherwise they count from
        ``start_id``. Both readings agree when the rows fill ``start_id ..
        next_sms - 1`` exactly (``ids_certain``), which is always the case when
        paging with ``next_id`` as the next ``start_id``; a gap left by deleting
        messages in the middle cannot be seen. Unreadable rows are skipped but
        keep their position.
        """
        data = _mapping(data, "the inbox")
        rows_value = data.get("data")
        if rows_value is not None and not isinstance(rows_value, list | tuple):
            raise EjoinResponseError("Inbox 'data' is not an array")
        return cls.build(
            ssrc=to_str(data.get("ssrc")),
            next_id=to_int(data.get("next_sms")),
            rows=_list(rows_value),
            start_id=start_id,
            read_row=ReceivedSms.from_row,
        )

    @classmethod
    def build(
        cls,
        *,
        ssrc: str | None,
        next_id: int | None,
        rows: Sequence[Any],
        start_id: int,
        read_row: Callable[[Any], ReceivedSms],
    ) -> Self:
        """Build a page from rows of any API generation, deriving their ids.

        ``read_row`` reads one row (an array in v2.1, an object in v3) and raises
        :class:`EjoinResponseError` for one it cannot read; see :meth:`from_dict`
        for how the ids are derived.
        """
        first_id = start_id
        if next_id is not None and next_id - len(rows) >= start_id:
            first_id = next_id - len(rows)
        messages: list[InboxMessage] = []
        for position, row in enumerate(rows):
            try:
                sms = read_row(row)
            except EjoinResponseError:
                _LOGGER.debug("Skipping unreadable inbox row %r", row)
                continue
            messages.append(InboxMessage(first_id + position, sms))
        return cls(
            ssrc=ssrc,
            next_id=next_id,
            messages=tuple(messages),
            ids_certain=not rows or first_id == start_id,
            first_id=first_id,
            row_count=len(rows),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedTask:
    """A task waiting in a port's send queue (``goip_get_tasks.html``)."""

    tid: int
    #: ``state`` 1: suspended; 0: normal.
    paused: bool | None = None
    #: The ``from`` field as the gateway reports it (None when empty).
    from_ports: str | None = None
    to: tuple[str, ...] = ()
    #: Content (decoded when ``chs`` is base64); None unless requested.
    message: str | None = None
    charset: str | None = None
    coding: SmsCoding | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse one element of ``tasks``."""
        data = _mapping(data, "a queued task")
        tid = to_int(data.get("tid"))
        if tid is None:
            raise EjoinResponseError("Queued task without a valid 'tid'")
        charset = to_str(data.get("chs"))
        message = data.get("sms")
        if not isinstance(message, str):
            message = None
        elif charset is not None and charset.lower() == "base64":
            decoded = decode_base64_text(message)
            message = message if decoded is None else decoded
        coding = to_int(data.get("coding"))
        to_text = to_str(data.get("to")) or ""
        return cls(
            tid=tid,
            paused=to_bool(data.get("state")),
            from_ports=to_str(data.get("from")),
            to=tuple(number.strip() for number in to_text.split(",") if number.strip()),
            message=message,
            charset=charset,
            coding=SmsCoding(coding) if coding in {0, 1, 2} else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskQuery:
    """Answer of ``goip_get_tasks.html``: a page of a port's queue."""

    total: int
    tasks: tuple[QueuedTask, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse the reply (``total_num``, ``task_num``, ``tasks``)."""
        data = _mapping(data, "the task query")
        tasks: list[QueuedTask] = []
        for row in _list(data.get("tasks")):
            try:
                tasks.append(QueuedTask.from_dict(row))
            except EjoinResponseError:
                _LOGGER.debug("Skipping unreadable task row %r", row)
        total = to_int(data.get("total_num"))
        return cls(total=len(tasks) if total is None else total, tasks=tuple(tasks))


def _stat_address(data: Mapping[str, Any]) -> SlotAddress:
    """Return the slot address of a statistics row."""
    port = to_int(data.get("port"))
    slot = to_int(data.get("slot"))
    if port is None or port < 1:
        raise EjoinResponseError("Statistics row without a valid 'port'")
    # "slot" is required by the doc; without it the row is about the current card,
    # filed under slot 1 like a single-slot port.
    return SlotAddress(port, slot if slot is not None and slot >= 1 else 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class SmsStatistics:
    """SMS counters of one slot (``goip_get_sms_stat.html``)."""

    address: SlotAddress
    received: int | None = None
    sent: int | None = None
    sent_ok: int | None = None
    sent_failed: int | None = None
    consecutive_failed: int | None = None
    unsent: int | None = None
    sending: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse one ``stats`` row."""
        data = _mapping(data, "a statistics row")
        return cls(
            address=_stat_address(data),
            received=to_int(data.get("received")),
            sent=to_int(data.get("sent")),
            sent_ok=to_int(data.get("sent_ok")),
            sent_failed=to_int(data.get("sent_failed")),
            consecutive_failed=to_int(data.get("con_failed")),
            unsent=to_int(data.get("unsent")),
            sending=to_int(data.get("sending")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CallStatistics:
    """Call counters of one slot (``goip_get_call_stat.html``)."""

    address: SlotAddress
    calls: int | None = None
    alerted: int | None = None
    connected: int | None = None
    failed: int | None = None
    #: "No carrier" ratio ``n/m``: successes and total.
    nc_success: int | None = None
    nc_total: int | None = None
    #: Post dial delay.
    pdd: int | None = None
    #: Average call duration.
    acd: int | None = None
    #: Answer seizure ratio in percent.
    asr: int | None = None
    #: Cumulative call duration in minutes.
    total_minutes: int | None = None
    #: Actual cumulative call duration in seconds.
    actual_seconds: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Parse one ``stats`` row."""
        data = _mapping(data, "a statistics row")
        nc = to_str(data.get("nc")) or ""
        success_text, _, total_text = nc.partition("/")
        return cls(
            address=_stat_address(data),
            calls=to_int(data.get("calls")),
            alerted=to_int(data.get("alerted")),
            connected=to_int(data.get("connected")),
            failed=to_int(data.get("con_failed")),
            nc_success=to_int(success_text),
            nc_total=to_int(total_text),
            pdd=to_int(data.get("pdd")),
            acd=to_int(data.get("acd")),
            asr=to_int(data.get("asr")),
            total_minutes=to_int(data.get("tcd")),
            actual_seconds=to_int(data.get("act_tcd")),
        )


@dataclass(frozen=True, slots=True)
class MmsPart:
    """One part of a received MMS."""

    content_type: str
    filename: str | None
    data: bytes = field(repr=False)
    content_id: str | None = None

    @property
    def size(self) -> int:
        """Return the part's size in bytes."""
        return len(self.data)


@dataclass(frozen=True, slots=True, kw_only=True)
class MmsMessage:
    """A received MMS (``multipart/related`` push with ``Emms-*`` headers)."""

    subject: str | None
    sender: str | None
    recipient: str | None
    date: datetime | None
    #: The text of the ``text/plain`` parts, joined by newlines.
    text: str
    #: Every part except the SMIL layout.
    parts: tuple[MmsPart, ...] = ()
    #: Receiving slot and SIM, from the v3 ``Emms-Port``/``Emms-Iccid``/
    #: ``Emms-Imsi`` headers when the firmware sends them.
    slot: SlotAddress | None = None
    mac: str | None = None
    iccid: str | None = None
    imsi: str | None = None


@dataclass(frozen=True, slots=True)
class DevStatusPush:
    """A ``dev-status`` push: the whole device status."""

    status: DeviceStatus


@dataclass(frozen=True, slots=True)
class PortStatusPush:
    """A ``port-status`` push: one slot changed."""

    slot: SlotStatus


@dataclass(frozen=True, slots=True)
class ReceivedSmsPush:
    """A ``recv-sms`` push (or the octet-stream "SMS to HTTP" push)."""

    messages: tuple[ReceivedSms, ...]
    #: The gateway MAC, when the push carries one (SMS to HTTP ``mac=``).
    mac: str | None = None
    #: The shapes of the rows that could not be read (e.g. ``"an object"``),
    #: so that a push is never acknowledged for what was not taken.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusReportPush:
    """A ``status-report`` push: send progress of one or more tasks."""

    reports: tuple[StatusReport, ...]
    #: The shapes of the reports that could not be read.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MmsPush:
    """An MMS push."""

    message: MmsMessage


# ------------------------------------------------------------------- API v3


class ApiVersion(StrEnum):
    """An API generation of the gateway's HTTP interface."""

    #: The ``goip_*`` endpoints of the v2.1 document.
    V2 = "v2.1"
    #: The JSON API of firmware 8.0d and later (the v3.3.0 document).
    V3 = "v3"


class Feature(StrEnum):
    """What only some API generations offer."""

    #: Deleting from the inbox (``sms_del``, v2.1; v3 has no delete).
    INBOX_DELETE = "inbox_delete"
    #: The secure session of v2.1 section 3.
    SECURE_SESSION = "secure_session"
    #: Reading and setting any named parameter (``op=get``/``op=set``, v2.1).
    PARAMETERS = "parameters"
    USSD = "ussd"
    AT_COMMANDS = "at_commands"
    LEDS = "leds"
    NETWORK_TYPE = "network_type"
    SERVING_CELLS = "serving_cells"


class NetworkType(StrEnum):
    """The radio access a module may use (``set_network_type``)."""

    AUTO = "auto"
    GSM = "gsm"
    WCDMA = "wcdma"
    LTE = "lte"

    @classmethod
    def parse(cls, value: Any) -> NetworkType | None:
        """Return the type of ``"lte"`` (any case), None when unknown."""
        text = to_str(value)
        if text is None:
            return None
        try:
            return cls(text.lower())
        except ValueError:
            return None


class CellScanStatus(StrEnum):
    """State of a port's latest serving-cell scan."""

    IDLE = "idle"
    WAITING = "waiting"
    COMPLETED = "completed"
    TIMEOUT = "timeout"

    @classmethod
    def parse(cls, value: Any) -> CellScanStatus | None:
        """Return the status; the document spells "waitting", both are read."""
        text = (to_str(value) or "").lower()
        if text == "waitting":
            return cls.WAITING
        try:
            return cls(text)
        except ValueError:
            return None


#: Result codes of ``send_ussds`` and ``send_ats`` replies.
COMMAND_REPLY_TEXT: Mapping[int, str] = {
    0: "OK",
    4: "Busy",
    5: "Unavailable",
    6: "Timeout",
    15: "Invalid AT",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class UssdReply:
    """The network's answer to a USSD request on one port."""

    port: int
    code: int
    #: The network's reply text; None unless ``code`` is 0.
    text: str | None

    @property
    def ok(self) -> bool:
        """Return True when the network answered (code 0)."""
        return self.code == 0

    @property
    def reason(self) -> str:
        """Return the code's text (``"Busy"``)."""
        return COMMAND_REPLY_TEXT.get(self.code, "Unknown")


@dataclass(frozen=True, slots=True, kw_only=True)
class AtReply:
    """A module's answer to an AT command."""

    port: int
    code: int
    #: What the module answered (the command's echo included, when it echoes).
    response: str | None = field(repr=False)

    @property
    def ok(self) -> bool:
        """Return True when the module answered (code 0)."""
        return self.code == 0

    @property
    def reason(self) -> str:
        """Return the code's text (``"Invalid AT"``)."""
        return COMMAND_REPLY_TEXT.get(self.code, "Unknown")


#: E-UTRA operating bands by downlink EARFCN (3GPP TS 36.101, table 5.7.3-1):
#: ``(first EARFCN, last EARFCN, band)``.
_LTE_BANDS: tuple[tuple[int, int, int], ...] = (
    (0, 599, 1),
    (600, 1199, 2),
    (1200, 1949, 3),
    (1950, 2399, 4),
    (2400, 2649, 5),
    (2650, 2749, 6),
    (2750, 3449, 7),
    (3450, 3799, 8),
    (3800, 4149, 9),
    (4150, 4749, 10),
    (4750, 4949, 11),
    (5010, 5179, 12),
    (5180, 5279, 13),
    (5280, 5379, 14),
    (5730, 5849, 17),
    (5850, 5999, 18),
    (6000, 6149, 19),
    (6150, 6449, 20),
    (6450, 6599, 21),
    (6600, 7399, 22),
    (7500, 7699, 23),
    (7700, 8039, 24),
    (8040, 8689, 25),
    (8690, 9039, 26),
    (9040, 9209, 27),
    (9210, 9659, 28),
    (9660, 9769, 29),
    (9770, 9869, 30),
    (9870, 9919, 31),
    (9920, 10359, 32),
    (36000, 36199, 33),
    (36200, 36349, 34),
    (36350, 36949, 35),
    (36950, 37549, 36),
    (37550, 37749, 37),
    (37750, 38249, 38),
    (38250, 38649, 39),
    (38650, 39649, 40),
    (39650, 41589, 41),
    (41590, 43589, 42),
    (43590, 45589, 43),
    (45590, 46589, 44),
    (46590, 46789, 45),
    (46790, 54539, 46),
    (54540, 55239, 47),
    (55240, 56739, 48),
    (65536, 66435, 65),
    (66436, 67335, 66),
    (67336, 67535, 67),
    (67536, 67835, 68),
    (67836, 68335, 69),
    (68336, 68585, 70),
    (68586, 68935, 71),
)


def lte_band(earfcn: int | None) -> int | None:
    """Return the E-UTRA band of a downlink EARFCN (1650 -> 3), None if unknown."""
    if earfcn is None:
        return None
    for first, last, band in _LTE_BANDS:
        if first <= earfcn <= last:
            return band
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServingCell:
    """The cell a port's module is camped on, from its latest scan."""

    port: int
    status: CellScanStatus | None = None
    #: Operator id (MCC and MNC, ``"46001"``).
    operator: str | None = None
    #: Radio access technology, ``"lte"`` when the reply names none (its
    #: EARFCN, PCI and RSRP are E-UTRA measures).
    technology: str | None = None
    earfcn: int | None = None
    band: int | None = None
    #: Physical cell id.
    pci: int | None = None
    #: Cell id, a hex string as the gateway sends it.
    cell_id: str | None = None
    #: Reference signal received power, dBm.
    rsrp: int | None = None
    #: Reference signal received quality, dB (when the reply gives it).
    rsrq: int | None = None
    #: Signal to interference and noise ratio, dB (when the reply gives it).
    sinr: int | None = None

    @property
    def completed(self) -> bool:
        """Return True when the values come from a completed scan."""
        return self.status is CellScanStatus.COMPLETED


@dataclass(frozen=True, slots=True, kw_only=True)
class MmsReceptionReport:
    """How receiving an MMS went (the v3 "MMS Reception Report" push)."""

    slot: SlotAddress | None
    #: ``notification_ind``, ``pending``, ``receiving``, ``failed`` or ``success``.
    state: str | None
    #: Why it failed (``state`` ``failed`` only).
    reason: str | None = None
    reported_at: datetime | None = None
    #: The operator's transaction id.
    tid: str | None = None
    mac: str | None = None
    iccid: str | None = None

    @property
    def failed(self) -> bool:
        """Return True when the MMS could not be received."""
        return self.state == "failed"


@dataclass(frozen=True, slots=True)
class MmsReportPush:
    """An MMS reception report push."""

    report: MmsReceptionReport


type Push = (
    DevStatusPush
    | PortStatusPush
    | ReceivedSmsPush
    | StatusReportPush
    | MmsPush
    | MmsReportPush
)
