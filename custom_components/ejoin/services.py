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
from homeassistant.helpers import service

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
    SmsStatistics,
    SmsTask,
    SmsType,
    StatPeriod,
    TaskResult,
    is_valid_imei,
)
from .const import DOMAIN
from .events import delivery_event_data, sms_event_data, task_result_data
from .helpers import call_entry, run_command, run_query
from .modem import async_setup_modem_services
from .secret_check import (
    CHECK_SECRET_SCHEMA,
    SERVICE_CHECK_SECRET,
    async_check_secret,
)
from .service_schemas import (
    ATTACHMENT_KINDS,
    ATTR_ATTACHMENTS,
    ATTR_CODING,
    ATTR_COUNT,
    ATTR_DELETE,
    ATTR_DELIVERY_REPORT,
    ATTR_IMEI,
    ATTR_INCLUDE_CONTENT,
    ATTR_INTERVAL,
    ATTR_KIND,
    ATTR_LIMIT,
    ATTR_MESSAGE,
    ATTR_NUMBER,
    ATTR_PERIOD,
    ATTR_PORT,
    ATTR_PORTS,
    ATTR_POSITION,
    ATTR_SLOT,
    ATTR_SLOTS,
    ATTR_START_ID,
    ATTR_SUBJECT,
    ATTR_TIDS,
    ATTR_TIMEOUT,
    ATTR_TO,
    ATTR_WAIT,
    CODING_NAMES,
    CODINGS,
    ENTRY_SCHEMA,
    GET_HISTORY_SCHEMA,
    GET_INBOX_SCHEMA,
    GET_SLOT_STATUS_SCHEMA,
    GET_SMS_TASKS_SCHEMA,
    PORTS_SCHEMA,
    SEND_MMS_SCHEMA,
    SEND_SMS_SCHEMA,
    SET_IMEI_SCHEMA,
    SET_SIM_NUMBER_SCHEMA,
    SLOT_SCHEMA,
    STATISTICS_SCHEMA,
    TIDS_SCHEMA,
)
from .slot_data import balance_currency, slot_payload

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine

    from homeassistant.core_config import Config
    from homeassistant.util.json import JsonValueType
    import probatio
    import voluptuous as vol

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
SERVICE_GET_SLOT_STATUS: Final = "get_slot_status"
SERVICE_GET_SMS_STATISTICS: Final = "get_sms_statistics"
SERVICE_GET_CALL_STATISTICS: Final = "get_call_statistics"
SERVICE_SET_SIM_NUMBER: Final = "set_sim_number"
SERVICE_SET_IMEI: Final = "set_imei"
SERVICE_GET_HISTORY: Final = "get_history"
SERVICE_CLEAR_HISTORY: Final = "clear_history"

# --------------------------------------------------------------------- helpers


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
    entry = call_entry(call)
    runtime = entry.runtime_data
    data = call.data
    selection: PortSelection | None = data.get(ATTR_PORTS)
    if selection is not None:
        _check_selection(runtime.coordinator.data, selection)
    wait: bool = data[ATTR_WAIT]
    if wait and not runtime.sender.can_wait:
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
    return await run_command(
        runtime.coordinator, lambda: runtime.sender.async_send(task, wait=wait)
    )


async def _async_send_mms(call: ServiceCall) -> ServiceResponse:
    """Send an MMS with attachments read from allow-listed folders."""
    hass = call.hass
    entry = call_entry(call)
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
    return await run_command(
        runtime.coordinator, lambda: runtime.sender.async_send(task, wait=False)
    )


def _port_command(
    op: Callable[[EjoinConfigEntry, PortSelection], Awaitable[None]],
) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
    """Return the handler of an action that takes ``ports``."""

    async def handler(call: ServiceCall) -> None:
        entry = call_entry(call)
        selection: PortSelection = call.data[ATTR_PORTS]
        _check_selection(entry.runtime_data.coordinator.data, selection)
        await run_command(entry.runtime_data.coordinator, lambda: op(entry, selection))

    return handler


async def _lock(entry: EjoinConfigEntry, selection: PortSelection) -> None:
    await entry.runtime_data.client.lock(selection)


async def _unlock(entry: EjoinConfigEntry, selection: PortSelection) -> None:
    await entry.runtime_data.client.unlock(selection)


async def _reset(entry: EjoinConfigEntry, selection: PortSelection) -> None:
    await entry.runtime_data.client.reset(selection)


async def _async_switch_sim(call: ServiceCall) -> None:
    """Make a slot the active SIM of its port (one slot per port)."""
    entry = call_entry(call)
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
        await run_command(
            entry.runtime_data.coordinator, lambda: client.switch(slots[0])
        )
    else:
        await run_command(
            entry.runtime_data.coordinator,
            lambda: client.run_commands(
                (CommandOp.SWITCH, address) for address in slots
            ),
        )


async def _async_reboot(call: ServiceCall) -> None:
    """Reboot the gateway."""
    entry = call_entry(call)
    await run_command(entry.runtime_data.coordinator, entry.runtime_data.client.reboot)


async def _async_save_config(call: ServiceCall) -> None:
    """Save the gateway's running configuration."""
    entry = call_entry(call)
    await run_command(entry.runtime_data.coordinator, entry.runtime_data.client.save)


def _task_action(
    name: str,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    """Return the handler of pause/resume/delete (all tasks without ``tids``)."""

    async def handler(call: ServiceCall) -> ServiceResponse:
        entry = call_entry(call)
        client = entry.runtime_data.client
        method = {
            SERVICE_PAUSE_SMS_TASKS: client.pause_tasks,
            SERVICE_RESUME_SMS_TASKS: client.resume_tasks,
            SERVICE_DELETE_SMS_TASKS: client.remove_tasks,
        }[name]
        tids: list[int] | None = call.data.get(ATTR_TIDS)

        async def request() -> ServiceResponse:
            return _results(await method(tids))

        return await run_command(entry.runtime_data.coordinator, request)

    return handler


async def _async_get_sms_tasks(call: ServiceCall) -> ServiceResponse:
    """Return a page of one port's send queue."""
    entry = call_entry(call)
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
    query = await run_query(
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


async def _async_get_slot_status(call: ServiceCall) -> ServiceResponse:
    """Return the latest status of the selected slots (entities enabled or not)."""
    entry = call_entry(call)
    status = entry.runtime_data.coordinator.data
    selection: PortSelection = call.data.get(ATTR_PORTS) or PortSelection.all_ports()
    wanted = set(_slots_of(status, selection))
    currency = balance_currency(call.hass, entry)
    return {
        "slots": [
            slot_payload(address, slot, currency)
            for address, slot in status.slots.items()
            if address in wanted
        ]
    }


async def _async_get_inbox(call: ServiceCall) -> ServiceResponse:
    """Return the gateway's inbox; messages not seen before fire their events too.

    With ``delete`` the inbox is read, what it lists is taken (recorded, and
    fired if new), and only then are exactly those messages deleted: a delete
    whose answer is lost can never take a message nobody saw.
    """
    entry = call_entry(call)
    runtime = entry.runtime_data
    client = runtime.client
    page = await run_query(
        runtime.coordinator,
        lambda: client.get_sms(call.data[ATTR_START_ID], call.data[ATTR_COUNT]),
    )
    runtime.inbox.take_read(page)
    messages = list(page.messages)
    if call.data[ATTR_DELETE] and page.row_count:
        deleted = await run_query(
            runtime.coordinator,
            lambda: client.delete_sms(page.first_id, page.row_count),
        )
        runtime.inbox.take_read(deleted)
        # The inbox changed between the two requests: what the delete took
        # beyond the read is returned too.
        listed = {(message.id, message.sms) for message in messages}
        messages.extend(
            message
            for message in deleted.messages
            if (message.id, message.sms) not in listed
        )
    return {
        "messages": [_inbox_message(message) for message in messages],
        "next_id": page.next_id,
        "ssrc": page.ssrc,
    }


def _statistics_action(
    calls: bool,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    """Return the handler of the SMS or call statistics action."""

    async def handler(call: ServiceCall) -> ServiceResponse:
        entry = call_entry(call)
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
            rows = await run_query(
                runtime.coordinator,
                lambda: client.get_call_statistics(selection, slots, period),
            )
        else:
            rows = await run_query(
                runtime.coordinator,
                lambda: client.get_sms_statistics(selection, slots, period),
            )
        return {"stats": [_statistics(row) for row in rows]}

    return handler


async def _async_set_sim_number(call: ServiceCall) -> None:
    """Record a SIM's phone number on the gateway (and save it)."""
    entry = call_entry(call)
    status = entry.runtime_data.coordinator.data
    address = _single_slot(status, call.data[ATTR_SLOT])
    client = entry.runtime_data.client
    await run_command(
        entry.runtime_data.coordinator,
        lambda: client.set_sim_number(
            address, call.data[ATTR_NUMBER], status.slots_per_port, save=True
        ),
    )


async def _async_set_imei(call: ServiceCall) -> None:
    """Set the IMEI the gateway reports for a slot (and save it)."""
    entry = call_entry(call)
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
    await run_command(
        entry.runtime_data.coordinator,
        lambda: client.set_sim_imei(address, imei, status.slots_per_port, save=True),
    )


# ------------------------------------------------- message history (issue 14)


async def _async_get_history(call: ServiceCall) -> ServiceResponse:
    """Return the gateway's kept messages, newest first, filtered."""
    runtime = call_entry(call).runtime_data
    slots: set[str] | None = None
    if (selection := call.data.get(ATTR_SLOT)) is not None:
        slots = {
            str(address) for address in _slots_of(runtime.coordinator.data, selection)
        }
    messages = runtime.history.messages(
        slots=slots,
        number=call.data.get(ATTR_NUMBER),
        kinds=call.data.get(ATTR_KIND),
        limit=call.data.get(ATTR_LIMIT),
    )
    return {"messages": cast("list[JsonValueType]", messages)}


async def _async_clear_history(call: ServiceCall) -> None:
    """Forget the gateway's kept messages (administrators only)."""
    call_entry(call).runtime_data.history.async_clear()


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions."""
    # API v3: send_ussd and send_at (modem.py).
    async_setup_modem_services(hass)

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
        SERVICE_GET_SLOT_STATUS,
        _async_get_slot_status,
        schema=GET_SLOT_STATUS_SCHEMA,
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
    # For automations on SMS (blueprints): no gateway involved.
    register(
        DOMAIN,
        SERVICE_CHECK_SECRET,
        async_check_secret,
        schema=CHECK_SECRET_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    # Message history (issue 14).
    register(
        DOMAIN,
        SERVICE_GET_HISTORY,
        _async_get_history,
        schema=GET_HISTORY_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_CLEAR_HISTORY,
        _async_clear_history,
        schema=cast("probatio.Schema", ENTRY_SCHEMA),
    )
