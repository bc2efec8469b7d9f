"""Actions of the Ejoin integration, registered once for every gateway.

Every action takes an optional ``config_entry_id`` (not needed while one gateway is
set up). The schemas refuse malformed input; input that is well formed but does not
fit the gateway (a port it lacks, an IMEI with a wrong check digit) raises
:class:`ServiceValidationError`; every request to the gateway goes through
:func:`~.helpers.ejoin_command`, which turns a refusal into a translated
:class:`HomeAssistantError` naming the device's reason.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
import re
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
import voluptuous as vol

from .api import (
    MMS_ATTACHMENT_KINDS,
    MMS_MAX_ATTACHMENT_BYTES,
    MMS_MAX_ATTACHMENTS,
    CallStatistics,
    CommandOp,
    DeviceStatus,
    EjoinRefusedError,
    InboxMessage,
    MmsAttachment,
    PortSelection,
    QueuedTask,
    SlotAddress,
    SmsCoding,
    SmsStatistics,
    SmsTask,
    SmsType,
    StatPeriod,
    TaskResult,
    is_valid_imei,
)
from .const import ATTR_CONFIG_ENTRY_ID, DOMAIN
from .helpers import ejoin_command
from .messaging import delivery_event_data, sms_event_data, task_result_data

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine

    from homeassistant.core_config import Config
    import probatio

    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry

SERVICE_SEND_SMS: Final = "send_sms"
SERVICE_SEND_MMS: Final = "send_mms"
SERVICE_LOCK_PORTS: Final = "lock_ports"
SERVICE_UNLOCK_PORTS: Final = "unlock_ports"
SERVICE_RESET_PORTS: Final = "reset_ports"
SERVICE_SWITCH_SIM: Final = "switch_sim"
SERVICE_REBOOT: Final = "reboot"
SERVICE_SAVE_CONFIG: Final = "save_config"
SERVICE_PAUSE_SMS_TASKS: Final = "pause_sms_tasks"
SERVICE_RESUME_SMS_TASKS: Final = "resume_sms_tasks"
SERVICE_DELETE_SMS_TASKS: Final = "delete_sms_tasks"
SERVICE_GET_SMS_TASKS: Final = "get_sms_tasks"
SERVICE_GET_INBOX: Final = "get_inbox"
SERVICE_GET_SMS_STATISTICS: Final = "get_sms_statistics"
SERVICE_GET_CALL_STATISTICS: Final = "get_call_statistics"
SERVICE_SET_SIM_NUMBER: Final = "set_sim_number"
SERVICE_SET_IMEI: Final = "set_imei"

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


# --------------------------------------------------------------------- helpers


@ejoin_command
async def _gateway[T](
    coordinator: EjoinCoordinator, request: Callable[[], Awaitable[T]]
) -> T:
    """Run one request to the gateway with the integration's error mapping."""
    return await request()


def _entry(call: ServiceCall) -> EjoinConfigEntry:
    """Return the loaded entry the call is for."""
    entry: EjoinConfigEntry = service.async_get_config_entry(
        call.hass, DOMAIN, call.data.get(ATTR_CONFIG_ENTRY_ID)
    )
    return entry


def _texts(**placeholders: object) -> dict[str, str]:
    """Return translation placeholders as strings."""
    return {name: str(value) for name, value in placeholders.items()}


def _check_selection(status: DeviceStatus, selection: PortSelection) -> None:
    """Raise when the selection names a port or slot this gateway lacks."""
    if selection.is_all:
        return
    for item in selection.items:
        port = item.port if isinstance(item, SlotAddress) else item.last
        if port > status.max_ports:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="port_not_found",
                translation_placeholders=_texts(port=port, max_ports=status.max_ports),
            )
        if isinstance(item, SlotAddress) and item.slot > status.slots_per_port:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="slot_not_found",
                translation_placeholders=_texts(
                    slot=item, slots_per_port=status.slots_per_port
                ),
            )


def _slots_of(
    status: DeviceStatus, selection: PortSelection
) -> tuple[SlotAddress, ...]:
    """Return the slots a checked selection names (a whole port: all its slots)."""
    _check_selection(status, selection)
    return selection.slots(status.max_ports, status.slots_per_port)


def _single_slot(status: DeviceStatus, selection: PortSelection) -> SlotAddress:
    """Return the one slot the selection names."""
    slots = _slots_of(status, selection)
    if len(slots) != 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="one_slot_expected",
            translation_placeholders=_texts(value=selection),
        )
    return slots[0]


def _results(results: tuple[TaskResult, ...]) -> ServiceResponse:
    """Return the task results; refuse when the gateway refused every task."""
    if results and not any(result.ok for result in results):
        raise EjoinRefusedError(results[0].code, results[0].reason)
    return {"results": [task_result_data(result) for result in results]}


def _inbox_message(message: InboxMessage) -> dict[str, Any]:
    """Return an inbox message decoded like its event."""
    sms = message.sms
    if sms.is_delivery_report:
        return {"id": message.id, "type": "delivery_report", **delivery_event_data(sms)}
    return {"id": message.id, "type": "sms", **sms_event_data(sms)}


def _queued_task(task: QueuedTask, *, content: bool) -> dict[str, Any]:
    """Return a queued task as response data."""
    data: dict[str, Any] = {
        "tid": task.tid,
        "paused": task.paused,
        "from": task.from_ports,
        "to": list(task.to),
        "coding": None if task.coding is None else CODING_NAMES[task.coding],
    }
    if content:
        data["message"] = task.message
    return data


def _statistics(row: SmsStatistics | CallStatistics) -> dict[str, Any]:
    """Return one statistics row as response data."""
    data = asdict(row)
    address: SlotAddress = row.address
    del data["address"]
    return {
        "slot": str(address),
        "port": address.port,
        "slot_index": address.slot,
        **data,
    }


def _attachment_kind(path: str) -> str:
    """Return the gateway's kind of an attachment file, from its extension."""
    extension = Path(path).suffix.lower().lstrip(".")
    kind = ATTACHMENT_KINDS.get(extension)
    if kind is None or kind not in MMS_ATTACHMENT_KINDS:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unsupported_attachment",
            translation_placeholders=_texts(
                path=path, kinds=", ".join(sorted(MMS_ATTACHMENT_KINDS))
            ),
        )
    return kind


def _load_attachments(config: Config, paths: list[str]) -> list[MmsAttachment]:
    """Check and read the attachment files (executor: path checks touch the disk).

    Only paths Home Assistant may read (``allowlist_external_dirs``), only the
    kinds the gateway takes, and never more bytes than its limit are read.
    """
    attachments: list[MmsAttachment] = []
    total = 0
    for path in paths:
        # A NUL byte passes the allow-list check (only the parent folder is
        # resolved for a file that does not exist) but no file name has one.
        if "\x00" in path or not config.is_allowed_path(path):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="path_not_allowed",
                translation_placeholders=_texts(path=path),
            )
        kind = _attachment_kind(path)
        try:
            with Path(path).open("rb") as file:
                data = file.read(MMS_MAX_ATTACHMENT_BYTES - total + 1)
        except OSError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="attachment_unreadable",
                translation_placeholders=_texts(path=path, error=err.strerror or err),
            ) from err
        total += len(data)
        if total > MMS_MAX_ATTACHMENT_BYTES:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="attachments_too_large",
                translation_placeholders=_texts(limit=MMS_MAX_ATTACHMENT_BYTES // 1024),
            )
        attachments.append(MmsAttachment(kind, data))
    return attachments


# --------------------------------------------------------------------- actions


async def _async_send_sms(call: ServiceCall) -> ServiceResponse:
    """Send an SMS to one or more recipients in one task."""
    entry = _entry(call)
    runtime = entry.runtime_data
    data = call.data
    selection: PortSelection | None = data.get(ATTR_PORTS)
    if selection is not None:
        _check_selection(runtime.coordinator.data, selection)
    wait: bool = data[ATTR_WAIT]
    if wait and runtime.messaging.webhook_url is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="wait_needs_webhook"
        )
    task = SmsTask(
        tid=0,
        to=tuple(data[ATTR_TO]),
        message=data[ATTR_MESSAGE],
        from_ports=selection,
        coding=CODINGS[data[ATTR_CODING]],
        interval_ms=data.get(ATTR_INTERVAL),
        timeout_s=data.get(ATTR_TIMEOUT),
        delivery_report=data[ATTR_DELIVERY_REPORT],
    )
    return await _gateway(
        runtime.coordinator, lambda: runtime.messaging.async_send(task, wait=wait)
    )


async def _async_send_mms(call: ServiceCall) -> ServiceResponse:
    """Send an MMS with attachments read from allow-listed folders."""
    hass = call.hass
    entry = _entry(call)
    runtime = entry.runtime_data
    data = call.data
    selection: PortSelection | None = data.get(ATTR_PORTS)
    if selection is not None:
        _check_selection(runtime.coordinator.data, selection)
    paths: list[str] = data[ATTR_ATTACHMENTS]
    if len(paths) > MMS_MAX_ATTACHMENTS:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="too_many_attachments",
            translation_placeholders=_texts(
                count=len(paths), limit=MMS_MAX_ATTACHMENTS
            ),
        )
    attachments = await hass.async_add_executor_job(
        _load_attachments, hass.config, paths
    )
    task = SmsTask(
        tid=0,
        to=tuple(data[ATTR_TO]),
        message=data[ATTR_MESSAGE],
        from_ports=selection,
        sms_type=SmsType.MMS,
        title=data[ATTR_SUBJECT],
        attachments=tuple(attachments),
    )
    return await _gateway(
        runtime.coordinator, lambda: runtime.messaging.async_send(task, wait=False)
    )


def _port_command(
    op: Callable[[EjoinConfigEntry, PortSelection], Awaitable[None]],
) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
    """Return the handler of an action that takes ``ports``."""

    async def handler(call: ServiceCall) -> None:
        entry = _entry(call)
        selection: PortSelection = call.data[ATTR_PORTS]
        _check_selection(entry.runtime_data.coordinator.data, selection)
        await _gateway(entry.runtime_data.coordinator, lambda: op(entry, selection))

    return handler


async def _lock(entry: EjoinConfigEntry, selection: PortSelection) -> None:
    await entry.runtime_data.client.lock(selection)


async def _unlock(entry: EjoinConfigEntry, selection: PortSelection) -> None:
    await entry.runtime_data.client.unlock(selection)


async def _reset(entry: EjoinConfigEntry, selection: PortSelection) -> None:
    await entry.runtime_data.client.reset(selection)


async def _async_switch_sim(call: ServiceCall) -> None:
    """Make a slot the active SIM of its port (one slot per port)."""
    entry = _entry(call)
    status = entry.runtime_data.coordinator.data
    selection: PortSelection = call.data[ATTR_SLOT]
    slots = _slots_of(status, selection)
    ports = [address.port for address in slots]
    if len(set(ports)) != len(ports):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="one_slot_per_port",
            translation_placeholders=_texts(value=selection),
        )
    client = entry.runtime_data.client
    if len(slots) == 1:
        await _gateway(entry.runtime_data.coordinator, lambda: client.switch(slots[0]))
    else:
        await _gateway(
            entry.runtime_data.coordinator,
            lambda: client.run_commands(
                (CommandOp.SWITCH, address) for address in slots
            ),
        )


async def _async_reboot(call: ServiceCall) -> None:
    """Reboot the gateway."""
    entry = _entry(call)
    await _gateway(entry.runtime_data.coordinator, entry.runtime_data.client.reboot)


async def _async_save_config(call: ServiceCall) -> None:
    """Save the gateway's running configuration."""
    entry = _entry(call)
    await _gateway(entry.runtime_data.coordinator, entry.runtime_data.client.save)


def _task_action(
    name: str,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    """Return the handler of pause/resume/delete (all tasks without ``tids``)."""

    async def handler(call: ServiceCall) -> ServiceResponse:
        entry = _entry(call)
        client = entry.runtime_data.client
        method = {
            SERVICE_PAUSE_SMS_TASKS: client.pause_tasks,
            SERVICE_RESUME_SMS_TASKS: client.resume_tasks,
            SERVICE_DELETE_SMS_TASKS: client.remove_tasks,
        }[name]
        tids: list[int] | None = call.data.get(ATTR_TIDS)

        async def request() -> ServiceResponse:
            return _results(await method(tids))

        return await _gateway(entry.runtime_data.coordinator, request)

    return handler


async def _async_get_sms_tasks(call: ServiceCall) -> ServiceResponse:
    """Return a page of one port's send queue."""
    entry = _entry(call)
    status = entry.runtime_data.coordinator.data
    selection: PortSelection = call.data[ATTR_PORT]
    _check_selection(status, selection)
    ports = selection.ports(status.max_ports)
    if len(ports) != 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="one_port_expected",
            translation_placeholders=_texts(value=selection),
        )
    client = entry.runtime_data.client
    content: bool = call.data[ATTR_INCLUDE_CONTENT]
    query = await _gateway(
        entry.runtime_data.coordinator,
        lambda: client.get_tasks(
            ports[0],
            call.data[ATTR_POSITION],
            call.data[ATTR_COUNT],
            include_content=content,
        ),
    )
    return {
        "total": query.total,
        "tasks": [_queued_task(task, content=content) for task in query.tasks],
    }


async def _async_get_inbox(call: ServiceCall) -> ServiceResponse:
    """Return the gateway's inbox; messages not seen before fire their events too."""
    entry = _entry(call)
    runtime = entry.runtime_data
    page = await _gateway(
        runtime.coordinator,
        lambda: runtime.client.get_sms(
            call.data[ATTR_START_ID],
            call.data[ATTR_COUNT],
            delete=call.data[ATTR_DELETE],
        ),
    )
    runtime.messaging.async_ingest_inbox_read(page)
    return {
        "messages": [_inbox_message(message) for message in page.messages],
        "next_id": page.next_id,
        "ssrc": page.ssrc,
    }


def _statistics_action(
    calls: bool,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    """Return the handler of the SMS or call statistics action."""

    async def handler(call: ServiceCall) -> ServiceResponse:
        entry = _entry(call)
        runtime = entry.runtime_data
        status = runtime.coordinator.data
        selection: PortSelection = (
            call.data.get(ATTR_PORTS) or PortSelection.all_ports()
        )
        _check_selection(status, selection)
        slots: str | None = call.data.get(ATTR_SLOTS)
        if slots is not None and slots not in {"all", "*"}:
            highest = max(int(number) for number in re.findall(r"\d+", slots))
            if highest > status.slots_per_port or highest < 1:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="slot_number_not_found",
                    translation_placeholders=_texts(
                        slot=highest, slots_per_port=status.slots_per_port
                    ),
                )
        period = StatPeriod.parse(call.data[ATTR_PERIOD])
        client = runtime.client
        rows: tuple[SmsStatistics, ...] | tuple[CallStatistics, ...]
        if calls:
            rows = await _gateway(
                runtime.coordinator,
                lambda: client.get_call_statistics(selection, slots, period),
            )
        else:
            rows = await _gateway(
                runtime.coordinator,
                lambda: client.get_sms_statistics(selection, slots, period),
            )
        return {"stats": [_statistics(row) for row in rows]}

    return handler


async def _async_set_sim_number(call: ServiceCall) -> None:
    """Record a SIM's phone number on the gateway (and save it)."""
    entry = _entry(call)
    status = entry.runtime_data.coordinator.data
    address = _single_slot(status, call.data[ATTR_SLOT])
    client = entry.runtime_data.client
    await _gateway(
        entry.runtime_data.coordinator,
        lambda: client.set_sim_number(
            address, call.data[ATTR_NUMBER], status.slots_per_port, save=True
        ),
    )


async def _async_set_imei(call: ServiceCall) -> None:
    """Set the IMEI the gateway reports for a slot (and save it)."""
    entry = _entry(call)
    status = entry.runtime_data.coordinator.data
    address = _single_slot(status, call.data[ATTR_SLOT])
    imei: str = call.data[ATTR_IMEI]
    if not is_valid_imei(imei):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_imei",
            translation_placeholders=_texts(imei=imei),
        )
    client = entry.runtime_data.client
    await _gateway(
        entry.runtime_data.coordinator,
        lambda: client.set_sim_imei(address, imei, status.slots_per_port, save=True),
    )


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions."""

    def register(
        domain: str,
        name: str,
        handler: Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]],
        *,
        schema: vol.Schema,
        supports_response: SupportsResponse = SupportsResponse.NONE,
    ) -> None:
        # Under Home Assistant, ``voluptuous`` is probatio's shim: the schema is a
        # probatio schema at runtime, which the cast tells the type checker.
        hass.services.async_register(
            domain,
            name,
            handler,
            schema=cast("probatio.Schema", schema),
            supports_response=supports_response,
        )

    register(
        DOMAIN,
        SERVICE_SEND_SMS,
        _async_send_sms,
        schema=SEND_SMS_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    register(
        DOMAIN,
        SERVICE_SEND_MMS,
        _async_send_mms,
        schema=SEND_MMS_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    for name, op in (
        (SERVICE_LOCK_PORTS, _lock),
        (SERVICE_UNLOCK_PORTS, _unlock),
        (SERVICE_RESET_PORTS, _reset),
    ):
        register(DOMAIN, name, _port_command(op), schema=PORTS_SCHEMA)
    register(DOMAIN, SERVICE_SWITCH_SIM, _async_switch_sim, schema=SLOT_SCHEMA)
    register(DOMAIN, SERVICE_REBOOT, _async_reboot, schema=ENTRY_SCHEMA)
    register(DOMAIN, SERVICE_SAVE_CONFIG, _async_save_config, schema=ENTRY_SCHEMA)
    for name in (
        SERVICE_PAUSE_SMS_TASKS,
        SERVICE_RESUME_SMS_TASKS,
        SERVICE_DELETE_SMS_TASKS,
    ):
        register(
            DOMAIN,
            name,
            _task_action(name),
            schema=TIDS_SCHEMA,
            supports_response=SupportsResponse.OPTIONAL,
        )
    register(
        DOMAIN,
        SERVICE_GET_SMS_TASKS,
        _async_get_sms_tasks,
        schema=GET_SMS_TASKS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    register(
        DOMAIN,
        SERVICE_GET_INBOX,
        _async_get_inbox,
        schema=GET_INBOX_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    register(
        DOMAIN,
        SERVICE_GET_SMS_STATISTICS,
        _statistics_action(calls=False),
        schema=STATISTICS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    register(
        DOMAIN,
        SERVICE_GET_CALL_STATISTICS,
        _statistics_action(calls=True),
        schema=STATISTICS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    register(
        DOMAIN,
        SERVICE_SET_SIM_NUMBER,
        _async_set_sim_number,
        schema=SET_SIM_NUMBER_SCHEMA,
    )
    register(DOMAIN, SERVICE_SET_IMEI, _async_set_imei, schema=SET_IMEI_SCHEMA)
