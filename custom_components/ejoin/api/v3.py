"""The transport of API v3: the JSON endpoints of firmware 8.0d and later.

Written from the v3.3.0 document and the field notes. Readings where the document
is vague or contradicts itself, each accepted:

* Credentials go in the query string, as in every example of the document.
* Reading endpoints (GET) show a JSON request body in the document, and public
  clients send query parameters instead: a GET here carries its scalar
  parameters in the query and, where the document gives a body, that JSON body
  too, typed JSON as in the document (the field notes' minimal servers that
  refuse a typed GET are v2.1 firmware). Whatever changes state is a POST, which
  aiohttp never sends twice.
* A gateway answers ``[]`` to a wrong body and to wrong credentials alike (field
  notes): such an answer is followed by a status request, whose own ``[]`` means
  the credentials are wrong; otherwise the request was refused.
* Text tasks leave ``sms_type`` out (field notes); task ids stay in the signed
  32-bit range (the client's ledger hands out such ids).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from typing import TYPE_CHECKING, Any, Final, NoReturn, override

from ._convert import to_str
from .exceptions import EjoinAuthenticationError, EjoinRefusedError, EjoinResponseError
from .models import (
    ApiVersion,
    AtReply,
    CallStatistics,
    CommandOp,
    DeviceStatus,
    Feature,
    InboxPage,
    NetworkType,
    QueuedTask,
    ServingCell,
    SlotRowMemo,
    SmsStatistics,
    SmsTask,
    SmsType,
    StatPeriod,
    TaskQuery,
    TaskResult,
    UssdReply,
)
from .notation import PortSelection, SlotAddress, format_number_ranges
from .transport import JSON_CONTENT_TYPE, HttpChannel, Transport, strip_reply
from .v2 import check_reply, check_task_results, decode_json
from .v3_shapes import (
    read_at_reply,
    read_call_statistics,
    read_network_types,
    read_queued_task,
    read_serving_cells,
    read_sms,
    read_sms_statistics,
    read_task_results,
    read_ussd_replies,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = ["V3Transport"]

_LOGGER = logging.getLogger(__name__)

#: Seconds a request may take beyond the time the gateway itself waits (USSD, AT).
_WAIT_MARGIN: Final = 10
#: Tasks read per request when every queued task is wanted.
_TASK_PAGE: Final = 500
#: Ports read at once when every queued task is wanted.
_PARALLEL_READS: Final = 8
#: Push batching the document gives as defaults, used when the gateway's own
#: settings cannot be read back.
_SMS_CONFIG_DEFAULTS: Final = {
    "sms_status_max": 100,
    "sms_status_period": 30,
    "recv_sms_max": 1,
    "recv_sms_period": 30,
}
#: The endpoints of the commands that take a ``slots_pattern``.
_COMMANDS: Final = {
    CommandOp.LOCK: "/lock_sims",
    CommandOp.UNLOCK: "/unlock_sims",
    CommandOp.SWITCH: "/switch_sims",
}


class V3Transport(Transport):
    """The JSON endpoints of the v3 document."""

    api = ApiVersion.V3
    features = frozenset(
        {
            Feature.USSD,
            Feature.AT_COMMANDS,
            Feature.LEDS,
            Feature.NETWORK_TYPE,
            Feature.SERVING_CELLS,
        }
    )

    def __init__(self, channel: HttpChannel) -> None:
        """Talk to the gateway through ``channel``."""
        super().__init__(channel)
        # Status rows of the last reply: unchanged ones are not parsed again.
        self._status_rows = SlotRowMemo()
        #: Ports and slots per port of the last status (for "all" selections).
        self._size: tuple[int, int] | None = None
        #: The push URLs last read from or written to ``get/set_sms_config``.
        self._sms_config: dict[str, Any] | None = None

    # ---------------------------------------------------------------- requests

    async def _call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        time_limit: float | None = None,
    ) -> Any:
        """Send one request; return its decoded JSON (None for an empty body).

        An object carrying a result code is checked like a v2.1 reply (codes 1
        and 14 are rejected credentials, other failures refusals).
        """
        pairs = self.channel.credentials() + list((query or {}).items())
        data = None
        content_type = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            content_type = JSON_CONTENT_TYPE
        status, text = await self.channel.request(
            method,
            path,
            pairs,
            body=data,
            content_type=content_type,
            time_limit=time_limit,
        )
        if not strip_reply(text):
            return None
        reply = decode_json(text, status)
        if isinstance(reply, dict):
            check_reply(reply)
        return reply

    async def _credentials_ok(self) -> bool:
        """Return whether the status answers, which it does not to bad credentials."""
        return isinstance(await self._call("GET", "/get_device_status"), dict)

    async def _refused(self, path: str) -> NoReturn:
        """Raise for a ``[]`` reply: rejected credentials, or a refused request."""
        if not await self._credentials_ok():
            raise EjoinAuthenticationError(
                "Gateway rejected the credentials (an empty reply)"
            )
        raise EjoinRefusedError(
            -1,
            "Refused without a reason",
            f"Gateway refused the request to {path} (an empty reply)",
        )

    async def _object(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> dict[str, Any]:
        """Request ``path`` and return its JSON object."""
        reply = await self._call(method, path, query=query, body=body)
        if reply == [] or reply is None:
            await self._refused(path)
        if not isinstance(reply, dict):
            raise EjoinResponseError(f"Gateway reply to {path} is not a JSON object")
        return reply

    async def _array(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: Any = None,
        time_limit: float | None = None,
        may_be_empty: bool,
    ) -> Any:
        """Request ``path`` and return its reply, an array unless it is an object.

        An empty array is an answer only where nothing to list is possible
        (``may_be_empty``), and only once a status request shows that the
        credentials are right.
        """
        reply = await self._call(
            method, path, query=query, body=body, time_limit=time_limit
        )
        if reply is None or reply == []:
            if not may_be_empty:
                await self._refused(path)
            if not await self._credentials_ok():
                raise EjoinAuthenticationError(
                    "Gateway rejected the credentials (an empty reply)"
                )
            return []
        return reply

    async def _action(self, path: str, body: Any = None) -> None:
        """POST a request whose success carries no data (``[]`` is a refusal)."""
        reply = await self._call("POST", path, body=body)
        if reply == []:
            await self._refused(path)

    async def _max_ports(self) -> int:
        """Return the gateway's port count (from the last status, or a new one)."""
        if self._size is None:
            await self.get_status()
        assert self._size is not None  # noqa: S101
        return self._size[0]

    # ------------------------------------------------------------------ status

    @override
    async def get_status(
        self, *, all_slots: bool = True, all_sims: bool = False
    ) -> DeviceStatus:
        """Return the gateway's status (``get_device_status``): every slot."""
        data = await self._object("GET", "/get_device_status")
        if "status" not in data and "max-ports" not in data and "mac" not in data:
            raise EjoinResponseError("Status reply carries no status")
        status = DeviceStatus.from_dict(data, memo=self._status_rows)
        self._size = (status.max_ports, status.slots_per_port)
        return status

    @override
    async def register_status_push(
        self, url: str, period: int = 60, *, all_slots: bool = True
    ) -> DeviceStatus | None:
        """Point the status report server at ``url`` (``set_status_report_server``).

        The document's example spells the flag ``enbale``; ``enable`` is its
        schema's spelling, sent here. The reply carries no status.
        """
        await self._action(
            "/set_status_report_server",
            {"enable": True, "url": url, "period": period},
        )
        return None

    @override
    async def cancel_status_push(self) -> None:
        """Turn the status report server off (period 0 disables it, per the doc)."""
        await self._action(
            "/set_status_report_server", {"enable": False, "url": "", "period": 0}
        )

    async def _read_sms_config(self) -> dict[str, Any]:
        config = await self._object("GET", "/get_sms_config")
        self._sms_config = {**_SMS_CONFIG_DEFAULTS, **config}
        return self._sms_config

    async def _write_sms_config(self, config: dict[str, Any]) -> None:
        body = {
            key: config.get(key, default)
            for key, default in (
                ("sms_status_url", ""),
                ("sms_status_max", _SMS_CONFIG_DEFAULTS["sms_status_max"]),
                ("sms_status_period", _SMS_CONFIG_DEFAULTS["sms_status_period"]),
                ("recv_sms_url", ""),
                ("recv_sms_max", _SMS_CONFIG_DEFAULTS["recv_sms_max"]),
                ("recv_sms_period", _SMS_CONFIG_DEFAULTS["recv_sms_period"]),
            )
        }
        self._sms_config = None
        await self._action("/set_sms_config", body)
        self._sms_config = body

    @override
    async def get_sms_url(self) -> str | None:
        """Return where the gateway pushes received SMS (``recv_sms_url``)."""
        return to_str((await self._read_sms_config()).get("recv_sms_url"))

    @override
    async def set_sms_url(self, url: str, *, save: bool = False) -> None:
        """Point the SMS pushes at ``url``, status reports included.

        v3 has no per-task report URL: reports go to ``sms_status_url``, which
        follows the SMS push URL when it was ours (empty, or equal to it).
        """
        config = dict(await self._read_sms_config())
        status_url = to_str(config.get("sms_status_url"))
        if url or status_url in {None, to_str(config.get("recv_sms_url"))}:
            config["sms_status_url"] = url
        config["recv_sms_url"] = url
        await self._write_sms_config(config)
        if save:
            await self.save()

    async def _ensure_push_urls(
        self, status_url: str | None, recv_url: str | None
    ) -> None:
        """Make the gateway report to ``status_url`` / push SMS to ``recv_url``.

        Read once and remembered; written only when different.
        """
        config = self._sms_config or await self._read_sms_config()
        wanted = dict(config)
        if status_url is not None:
            wanted["sms_status_url"] = status_url
        if recv_url is not None:
            wanted["recv_sms_url"] = recv_url
        if wanted != config:
            await self._write_sms_config(wanted)

    # ---------------------------------------------------------------- commands

    @override
    async def lock(self, selection: PortSelection) -> None:
        """Lock ports or slots (``lock_sims``)."""
        await self._action(_COMMANDS[CommandOp.LOCK], _pattern(selection))

    @override
    async def unlock(self, selection: PortSelection) -> None:
        """Unlock ports or slots (``unlock_sims``)."""
        await self._action(_COMMANDS[CommandOp.UNLOCK], _pattern(selection))

    @override
    async def switch(self, address: SlotAddress) -> None:
        """Make ``address`` the active SIM of its port (``switch_sims``)."""
        await self._action(_COMMANDS[CommandOp.SWITCH], {"slots_pattern": str(address)})

    @override
    async def reset(self, ports: PortSelection) -> None:
        """Restart the modules of ``ports`` (``reboot_modems``)."""
        await self._action("/reboot_modems", {"ports_pattern": ports.to_port_command()})

    @override
    async def save(self) -> None:
        """Save the running configuration (``save_config``)."""
        await self._action("/save_config")

    @override
    async def reboot(self) -> None:
        """Reboot the gateway (``reboot_device``)."""
        await self._action("/reboot_device")

    @override
    async def run_commands(
        self, commands: Sequence[tuple[CommandOp, PortSelection | SlotAddress]]
    ) -> None:
        """Run the commands one request each, in order (v3 has no batch)."""
        for operation, target in commands:
            if isinstance(target, SlotAddress):
                await self.switch(target)
            elif operation is CommandOp.RESET:
                await self.reset(target)
            else:
                await self._action(_COMMANDS[operation], _pattern(target))

    @override
    async def set_leds(self, selection: PortSelection, *, on: bool) -> None:
        """Turn LEDs on or off (``on_leds``/``off_leds``); a port means its slots."""
        await self._action("/on_leds" if on else "/off_leds", _pattern(selection))

    # -------------------------------------------------------------- parameters

    @override
    async def set_sim_imei(
        self,
        address: SlotAddress,
        imei: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the IMEI the gateway reports for one slot (``set_imeis``)."""
        await self._action(
            "/set_imeis", [{"port": address.port, "slot": address.slot, "imei": imei}]
        )
        if save:
            await self.save()

    @override
    async def set_sim_number(
        self,
        address: SlotAddress,
        number: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Record the phone number of one slot (``set_numbers``)."""
        await self._action(
            "/set_numbers",
            [{"port": address.port, "slot": address.slot, "number": number}],
        )
        if save:
            await self.save()

    # ----------------------------------------------------------------- sending

    @override
    async def send_sms(
        self,
        tasks: Sequence[SmsTask],
        *,
        sr_url: str | None = None,
        sr_cnt: int | None = None,
        sr_prd: int | None = None,
        sms_url: str | None = None,
        sms_cnt: int | None = None,
        sms_prd: int | None = None,
    ) -> tuple[TaskResult, ...]:
        """Submit tasks (``submit_sms_tasks``); return each task's result.

        Reports go where ``sms_status_url`` points (set to ``sr_url`` first when
        given); batching is per task (``sms_count``/``sms_period``), so the
        request-wide counts are not sent.
        """
        if any(_names_slots(task) for task in tasks):
            # The v3 document's ``from`` takes ports only: a slot would be sent
            # from whichever SIM its port has active, maybe another one.
            raise self._unsupported("sending from a chosen SIM slot")
        if sr_url is not None or sms_url is not None:
            await self._ensure_push_urls(sr_url, sms_url)
        reply = await self._array(
            "POST",
            "/submit_sms_tasks",
            body=[_task_payload(task) for task in tasks],
            may_be_empty=False,
        )
        return check_task_results(read_task_results(reply))

    @override
    async def pause_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Pause queued tasks (``pause_sms_tasks``)."""
        return await self._task_action("/pause_sms_tasks", tids)

    @override
    async def resume_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Resume paused tasks (``resume_sms_tasks``)."""
        return await self._task_action("/resume_sms_tasks", tids)

    @override
    async def remove_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Delete queued tasks (``remove_sms_tasks``)."""
        return await self._task_action("/remove_sms_tasks", tids)

    async def _task_action(
        self, path: str, tids: Iterable[int] | None
    ) -> tuple[TaskResult, ...]:
        """Act on tasks; without ids, on every queued task of every port.

        v3 has no "all tasks": they are read port by port first. The body is
        ``{"ids": [...]}`` as the document's schema says (its example shows a
        bare array).
        """
        ids = [int(tid) for tid in tids] if tids is not None else await self._all_ids()
        if not ids:
            return ()
        reply = await self._array("POST", path, body={"ids": ids}, may_be_empty=False)
        return read_task_results(reply)

    async def _all_ids(self) -> list[int]:
        ports = range(1, await self._max_ports() + 1)
        semaphore = asyncio.Semaphore(_PARALLEL_READS)

        async def queued(port: int) -> list[int]:
            found: list[int] = []
            async with semaphore:
                while True:
                    page = await self._queued(
                        port, len(found), _TASK_PAGE, include_content=False
                    )
                    found.extend(task.tid for task in page)
                    if len(page) < _TASK_PAGE:
                        return found

        pages = await asyncio.gather(*(queued(port) for port in ports))
        return list(dict.fromkeys(tid for page in pages for tid in page))

    async def _queued(
        self, port: int, position: int, count: int, *, include_content: bool
    ) -> list[QueuedTask]:
        request = {
            "port": port,
            "index": position,
            "num": count,
            "need_content": include_content,
        }
        reply = await self._array(
            "GET",
            "/get_sms_tasks",
            query=_query(request),
            body=request,
            may_be_empty=True,
        )
        if isinstance(reply, dict):
            reply = reply.get("tasks", [])
        tasks: list[QueuedTask] = []
        for row in reply if isinstance(reply, list) else []:
            try:
                tasks.append(read_queued_task(row))
            except EjoinResponseError:
                _LOGGER.debug("Skipping unreadable task row %r", row)
        return tasks

    @override
    async def get_tasks(
        self, port: int, position: int, count: int, *, include_content: bool
    ) -> TaskQuery:
        """Return a page of ``port``'s queue (``get_sms_tasks``).

        The reply has no total: ``total`` counts the tasks up to the end of the
        page, all of them once a page comes back short.
        """
        tasks = await self._queued(
            port, position, count, include_content=include_content
        )
        return TaskQuery(total=position + len(tasks), tasks=tuple(tasks))

    # --------------------------------------------------------------- receiving

    @override
    async def get_sms(self, start_id: int, count: int) -> InboxPage:
        """Return received SMS from id ``start_id`` (``get_received_smses``)."""
        request = {"id": start_id, "num": count}
        data = await self._object(
            "GET", "/get_received_smses", query=_query(request), body=request
        )
        rows = data.get("smses")
        if rows is not None and not isinstance(rows, list):
            raise EjoinResponseError("Inbox 'smses' is not an array")
        return InboxPage.build(
            ssrc=to_str(data.get("ssrc")),
            next_id=_int(data.get("next_id")),
            rows=rows or [],
            start_id=start_id,
            read_row=read_sms,
        )

    # -------------------------------------------------------------- statistics

    async def _stat_request(
        self, ports: PortSelection, slots: str | None, period: StatPeriod
    ) -> tuple[dict[str, str], dict[str, Any]]:
        """Return the query and body of a statistics request.

        ``slots_pattern`` names ports (the document: ``all``, ``n``, ``x-y,z``);
        slot numbers become the ``slots`` array of every selected port.
        """
        query = {"type": str(int(period))}
        body: dict[str, Any] = {"type": int(period)}
        if slots is None:
            query["slots_pattern"] = body["slots_pattern"] = ports.to_port_command()
            return query, body
        max_ports = await self._max_ports()
        numbers = (
            range(1, (self._size or (0, 1))[1] + 1)
            if slots == "all"
            else _expand_numbers(slots)
        )
        body["slots"] = [
            {"port": port, "slot": slot}
            for port in ports.ports(max_ports)
            for slot in numbers
        ]
        return query, body

    @override
    async def get_sms_statistics(
        self, ports: PortSelection, slots: str | None, period: StatPeriod
    ) -> tuple[SmsStatistics, ...]:
        """Return SMS counters per slot (``get_sms_stats``)."""
        query, body = await self._stat_request(ports, slots, period)
        reply = await self._array(
            "GET", "/get_sms_stats", query=query, body=body, may_be_empty=True
        )
        return read_sms_statistics(reply)

    @override
    async def get_call_statistics(
        self, ports: PortSelection, slots: str | None, period: StatPeriod
    ) -> tuple[CallStatistics, ...]:
        """Return call counters per slot (``goip_get_call_stat.html``, v3 form)."""
        query, body = await self._stat_request(ports, slots, period)
        reply = await self._array(
            "GET", "/goip_get_call_stat.html", query=query, body=body, may_be_empty=True
        )
        return read_call_statistics(reply)

    # -------------------------------------------------------- modem and radio

    @override
    async def send_ussd(
        self, ports: Sequence[int], code: str, *, wait_seconds: int
    ) -> tuple[UssdReply, ...]:
        """Send ``code`` from ``ports`` (``send_ussds``); the reply waits for them."""
        reply = await self._array(
            "POST",
            "/send_ussds",
            body=[{"ports": list(ports), "ussd": code, "timeout": wait_seconds}],
            time_limit=wait_seconds + _WAIT_MARGIN,
            may_be_empty=False,
        )
        return read_ussd_replies(reply)

    @override
    async def send_at(self, port: int, command: str, *, wait_seconds: int) -> AtReply:
        """Send one AT command to ``port`` (``send_ats``).

        The command and the answer can hold secrets (a PIN): neither is logged.
        """
        reply = await self._array(
            "POST",
            "/send_ats",
            body=[{"ports": [port], "at": command, "timeout": wait_seconds}],
            time_limit=wait_seconds + _WAIT_MARGIN,
            may_be_empty=False,
        )
        return read_at_reply(reply, port)

    @override
    async def get_network_types(
        self, ports: Sequence[int]
    ) -> dict[int, NetworkType | None]:
        """Return the network type of ``ports`` (``get_network_type``).

        The document's request names no port; the ports go in the query as a
        ``ports_pattern`` for a gateway that answers per port.
        """
        wanted = tuple(ports)
        reply = await self._call(
            "GET",
            "/get_network_type",
            query={"ports_pattern": _numbers(wanted)},
        )
        if reply == [] or reply is None:
            await self._refused("/get_network_type")
        return read_network_types(reply, wanted)

    @override
    async def set_network_type(
        self, ports: Sequence[int], network_type: NetworkType
    ) -> None:
        """Set the network type (``set_network_type``).

        The document's body has only ``type``: a gateway reading it so sets the
        type of every port. ``ports`` names the ports meant, for one that reads it.
        """
        await self._action(
            "/set_network_type", {"type": network_type.value, "ports": list(ports)}
        )

    @override
    async def scan_serving_cells(self, ports: Sequence[int]) -> None:
        """Start scanning the serving cells of ``ports`` (answered 202)."""
        await self._action("/scan_serving_cells", list(ports))

    @override
    async def get_serving_cells(self, ports: Sequence[int]) -> tuple[ServingCell, ...]:
        """Return the latest scan of ``ports`` (``get_serving_cells``).

        The body is the document's example, a bare array of port numbers (its
        schema describes objects with ``ports``).
        """
        reply = await self._array(
            "GET",
            "/get_serving_cells",
            query={"ports_pattern": _numbers(tuple(ports))},
            body=list(ports),
            may_be_empty=True,
        )
        return read_serving_cells(reply)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _query(values: Mapping[str, Any]) -> dict[str, str]:
    """Return query parameters of scalar values (booleans as 1/0)."""
    return {
        key: str(int(value)) if isinstance(value, bool) else str(value)
        for key, value in values.items()
    }


def _numbers(ports: Sequence[int]) -> str:
    """Return ``"1-3,5"`` for ports 1, 2, 3 and 5."""
    return format_number_ranges(ports)


def _expand_numbers(text: str) -> list[int]:
    """Expand a checked slot-number selection like ``"1-2,4"``."""
    numbers: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def _pattern(selection: PortSelection) -> dict[str, str]:
    return {"slots_pattern": selection.to_pattern()}


def _names_slots(task: SmsTask) -> bool:
    """Return True when a task is to go out from chosen slots, not whole ports."""
    ports = task.from_ports
    return (
        ports is not None
        and not ports.is_all
        and any(isinstance(item, SlotAddress) for item in ports.items)
    )


def _task_payload(task: SmsTask) -> dict[str, Any]:
    """Return the v3 JSON of one task (``submit_sms_tasks``).

    ``sms_type`` is left out for a text (field notes: firmware refuses a text
    task that carries one); the status report flags are always sent, as their
    v3 defaults (all off) differ from v2.1's.
    """
    numbers = task.to or tuple(number for number, _ in task.to_titles)
    payload: dict[str, Any] = {
        "id": task.tid,
        "recipients": [number.strip() for number in numbers],
        "sms": task.message,
    }
    if task.from_ports is not None:
        payload["from"] = task.from_ports.to_port_command()
    if task.coding:
        payload["coding"] = int(task.coding)
    if task.interval_ms is not None:
        payload["interval_min"] = payload["interval_max"] = task.interval_ms
    if task.timeout_s is not None:
        payload["timeout"] = task.timeout_s
    flags = {
        "sdr": task.report_success,
        "fdr": task.report_failure,
        "dr": task.delivery_report,
    }
    payload.update({key: flag for key, flag in flags.items() if flag is not None})
    if task.sr_cnt is not None:
        payload["sms_count"] = task.sr_cnt
    if task.sr_prd is not None:
        payload["sms_period"] = task.sr_prd
    if task.smsc is not None:
        payload["smsc"] = task.smsc
    if task.sms_type is not SmsType.SMS:
        payload["sms_type"] = int(task.sms_type)
        payload["subject"] = task.title or ""
        if task.attachments:
            payload["attachments"] = [
                {
                    "type": attachment.kind,
                    "content": base64.b64encode(attachment.data).decode(),
                }
                for attachment in task.attachments
            ]
        if task.to_titles:
            payload["subjects"] = [
                {"recipient": number, "subject": title}
                for number, title in task.to_titles
            ]
    return payload
