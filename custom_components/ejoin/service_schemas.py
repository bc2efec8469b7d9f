"""Schemas of the Ejoin actions, and the validators they use.

The schemas refuse malformed input; whether well-formed input fits a gateway (a
port it has, an IMEI's check digit) is decided by the handlers in
:mod:`.services`.
"""

from __future__ import annotations

import re
from typing import Any, Final

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from .api import PortSelection, SmsCoding
from .const import ATTR_CONFIG_ENTRY_ID, MAX_HISTORY_SIZE
from .history import KINDS

ATTR_TO: Final = "to"
ATTR_MESSAGE: Final = "message"
ATTR_PORTS: Final = "ports"
ATTR_CODING: Final = "coding"
ATTR_INTERVAL: Final = "interval"
ATTR_TIMEOUT: Final = "timeout"
ATTR_DELIVERY_REPORT: Final = "delivery_report"
ATTR_WAIT: Final = "wait"
ATTR_SUBJECT: Final = "subject"
ATTR_ATTACHMENTS: Final = "attachments"
ATTR_SLOT: Final = "slot"
ATTR_TIDS: Final = "tids"
ATTR_PORT: Final = "port"
ATTR_POSITION: Final = "position"
ATTR_COUNT: Final = "count"
ATTR_INCLUDE_CONTENT: Final = "include_content"
ATTR_START_ID: Final = "start_id"
ATTR_DELETE: Final = "delete"
ATTR_SLOTS: Final = "slots"
ATTR_PERIOD: Final = "period"
ATTR_NUMBER: Final = "number"
ATTR_IMEI: Final = "imei"

CODINGS: Final = {
    "auto": SmsCoding.AUTO,
    "ucs2": SmsCoding.UCS2,
    "7bit": SmsCoding.GSM_7BIT,
}
CODING_NAMES: Final = {coding: name for name, coding in CODINGS.items()}
PERIODS: Final = ("last_hour", "last_2_hours", "today", "cumulative")
#: File name extensions of the attachment kinds the gateway takes.
ATTACHMENT_KINDS: Final = {
    "jpg": "jpg",
    "jpeg": "jpg",
    "gif": "gif",
    "txt": "txt",
    "mp3": "mp3",
}

_NUMBER_RE: Final = re.compile(r"^\+?[0-9*#]{1,32}$")
_NUMBER_NOISE_RE: Final = re.compile(r"[\s\-().]")
_SLOT_NUMBER_RE: Final = re.compile(r"^\d+\.\d\d$")
_SIM_NUMBER_RE: Final = re.compile(r"^\+?[0-9*#]{0,32}$")
_SLOT_NUMBERS_RE: Final = re.compile(
    r"^\s*(all|\*|\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*)\s*$"
)


# ------------------------------------------------------------------ validators


def port_selection(value: Any) -> PortSelection:
    """Validate any port/slot notation (``3.02``, ``3B``, ``3``, ``1-4``, ``all``).

    A list of them (strings or port numbers) is their union.
    """
    if isinstance(value, float):
        value = _slot_from_number(value)
    if isinstance(value, list | tuple):
        parts: list[str | int] = []
        for item in value:
            if isinstance(item, float):
                item = _slot_from_number(item)  # noqa: PLW2901
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise vol.Invalid(f"Invalid port or slot {item!r}")
            parts.append(item)
        value = parts
    elif isinstance(value, bool) or not isinstance(value, str | int):
        raise vol.Invalid(f"Invalid port selection {value!r}")
    try:
        return PortSelection.parse(value)
    except (TypeError, ValueError) as err:
        raise vol.Invalid(str(err)) from err


def _slot_from_number(value: float) -> str:
    """Read a slot address that YAML or a template turned into a number.

    Home Assistant renders ``"{{ trigger.event.data.slot }}"`` (``"3.02"``) as the
    float 3.02, which reads back unchanged. ``"3.10"`` becomes 3.1, which could
    also be an unquoted ``3.1`` meaning slot 1: such a number is refused rather
    than guessed.
    """
    text = repr(value)
    if not _SLOT_NUMBER_RE.match(text):
        raise vol.Invalid(
            f"Slot {text} is ambiguous as a number: write it as text, like"
            f' "{value:.2f}" or "{int(value)}.0{text[-1]}"'
        )
    return text


def recipients(value: Any) -> list[str]:
    """Validate phone numbers given as a list or a comma separated string."""
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    numbers: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise vol.Invalid(f"Invalid phone number {item!r}")
        number = _NUMBER_NOISE_RE.sub("", str(item))
        if not number:
            continue
        if not _NUMBER_RE.match(number):
            raise vol.Invalid(f"Invalid phone number {item!r}")
        numbers.append(number)
    if not numbers:
        raise vol.Invalid("At least one recipient is needed")
    return list(dict.fromkeys(numbers))


def slot_numbers(value: Any) -> str:
    """Validate a slot-number selection: ``all``, ``2``, ``1-2,4`` or a list."""
    if isinstance(value, list | tuple):
        value = ",".join(str(item) for item in value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise vol.Invalid(f"Invalid slot selection {value!r}")
    text = str(value)
    if not _SLOT_NUMBERS_RE.match(text):
        raise vol.Invalid(f"Invalid slot selection {text!r}")
    return re.sub(r"\s+", "", text).lower()


_ENTRY: Final[dict[Any, Any]] = {vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string}
_PORTS: Final = port_selection
_TIDS: Final = vol.All(cv.ensure_list_csv, [vol.All(vol.Coerce(int), vol.Range(min=0))])

SEND_SMS_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_TO): recipients,
        vol.Required(ATTR_MESSAGE): vol.All(cv.string, vol.Length(min=1)),
        vol.Optional(ATTR_PORTS): _PORTS,
        vol.Optional(ATTR_CODING, default="auto"): vol.In(CODINGS),
        vol.Optional(ATTR_INTERVAL): vol.All(
            vol.Coerce(int), vol.Range(min=0, max=3_600_000)
        ),
        vol.Optional(ATTR_TIMEOUT): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=3600)
        ),
        vol.Optional(ATTR_DELIVERY_REPORT, default=False): cv.boolean,
        vol.Optional(ATTR_WAIT, default=False): cv.boolean,
    }
)
SEND_MMS_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_TO): recipients,
        vol.Required(ATTR_SUBJECT): cv.string,
        vol.Optional(ATTR_MESSAGE, default=""): cv.string,
        vol.Optional(ATTR_ATTACHMENTS, default=list): vol.All(
            cv.ensure_list, [cv.string]
        ),
        vol.Optional(ATTR_PORTS): _PORTS,
    }
)
PORTS_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Required(ATTR_PORTS): _PORTS})
SLOT_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Required(ATTR_SLOT): _PORTS})
ENTRY_SCHEMA: Final = vol.Schema(_ENTRY)
TIDS_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Optional(ATTR_TIDS): _TIDS})
GET_SMS_TASKS_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_PORT): _PORTS,
        vol.Optional(ATTR_POSITION, default=0): vol.All(
            vol.Coerce(int), vol.Range(min=0)
        ),
        vol.Optional(ATTR_COUNT, default=10): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=1000)
        ),
        vol.Optional(ATTR_INCLUDE_CONTENT, default=False): cv.boolean,
    }
)
GET_SLOT_STATUS_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Optional(ATTR_PORTS): _PORTS})
GET_INBOX_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_START_ID, default=1): vol.All(
            vol.Coerce(int), vol.Range(min=1)
        ),
        vol.Optional(ATTR_COUNT, default=0): vol.All(vol.Coerce(int), vol.Range(min=0)),
        vol.Optional(ATTR_DELETE, default=False): cv.boolean,
    }
)
STATISTICS_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_PORTS): _PORTS,
        vol.Optional(ATTR_SLOTS): slot_numbers,
        vol.Optional(ATTR_PERIOD, default="last_hour"): vol.In(PERIODS),
    }
)
SET_SIM_NUMBER_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_SLOT): _PORTS,
        vol.Required(ATTR_NUMBER): vol.All(
            cv.string, vol.Strip, vol.Match(_SIM_NUMBER_RE)
        ),
    }
)
SET_IMEI_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_SLOT): _PORTS,
        vol.Required(ATTR_IMEI): vol.All(cv.string, vol.Strip, vol.Match(r"^\d{15}$")),
    }
)

# ------------------------------------------------- message history (issue 14)

ATTR_KIND: Final = "kind"
ATTR_LIMIT: Final = "limit"

GET_HISTORY_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_SLOT): _PORTS,
        vol.Optional(ATTR_NUMBER): vol.All(cv.string, vol.Strip),
        vol.Optional(ATTR_KIND): vol.All(cv.ensure_list, [vol.In(KINDS)]),
        vol.Optional(ATTR_LIMIT): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_HISTORY_SIZE)
        ),
    }
)
