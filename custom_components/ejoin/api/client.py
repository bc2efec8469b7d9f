"""Asynchronous client of an Ejoin gateway, whichever API generation it speaks.

The client checks arguments, then hands each operation to the transport of the
gateway's preferred API generation (:mod:`.v3`, else :mod:`.v2`); an operation
that generation lacks goes to the next one the gateway speaks. Both transports
build the same models, so a caller cannot tell which one answered.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Self

from .exceptions import (
    EjoinAuthenticationError,
    EjoinError,
    EjoinRefusedError,
    EjoinResponseError,
    EjoinUnsupportedError,
)
from .models import (
    ApiVersion,
    AtReply,
    CallStatistics,
    CommandOp,
    DeviceStatus,
    Feature,
    InboxPage,
    NetworkType,
    ServingCell,
    SmsStatistics,
    SmsTask,
    StatPeriod,
    TaskQuery,
    TaskResult,
    UssdReply,
)
from .notation import (
    PortSelection,
    SelectionInput,
    SlotAddress,
    format_number_ranges,
    is_valid_imei,
)
from .transport import HttpChannel, Transport
from .v2 import V2Transport
from .v3 import V3Transport

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable, Mapping

    import aiohttp

__all__ = ["EjoinClient"]

_LOGGER = logging.getLogger(__name__)

_PARAM_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-]+(\(\d+\))?$")
_TRANSPORTS: dict[ApiVersion, type[Transport]] = {
    ApiVersion.V3: V3Transport,
    ApiVersion.V2: V2Transport,
}


class EjoinClient:
    """Client of one Ejoin gateway.

    The ``aiohttp.ClientSession`` is injected and never closed by the client.
    ``apis`` are the API generations the gateway speaks, preferred first (see
    :meth:`detect_api`); without it the client speaks v2.1, as every gateway
    before firmware 8.0d does. Every method raises a subclass of
    :class:`EjoinError` on failure: :class:`EjoinConnectionError` /
    :class:`EjoinTimeoutError` when the gateway cannot be reached,
    :class:`EjoinAuthenticationError` when it rejects the credentials,
    :class:`EjoinRefusedError` when it refuses a request,
    :class:`EjoinUnsupportedError` when none of its API generations offers the
    operation, and :class:`EjoinResponseError` when its answer cannot be
    understood. Invalid arguments (a malformed slot, an IMEI failing its check
    digit) raise ``ValueError`` before anything is sent.
    """

    def __init__(
        self,
        host: str,
        *,
        session: aiohttp.ClientSession,
        port: int = 80,
        username: str = "root",
        password: str,
        request_timeout: float = 10.0,
        apis: Iterable[ApiVersion | str] = (ApiVersion.V2,),
    ) -> None:
        """Create a client for the gateway at ``host:port``.

        ``host`` is a host name or an IP address (IPv6 without brackets); a
        value that is neither (a URL, blanks) raises ValueError here.
        """
        self._channel = HttpChannel(
            host,
            session=session,
            port=port,
            username=username,
            password=password,
            request_timeout=request_timeout,
        )
        self._transports: dict[ApiVersion, Transport] = {}
        self._order: tuple[ApiVersion, ...] = ()
        self.use_apis(apis)

    def __repr__(self) -> str:
        """Return a representation without credentials."""
        secure = ", secure" if self.secure_session_active else ""
        return (
            f"EjoinClient(host={self.host!r}, port={self.port}, api={self.api}{secure})"
        )

    @property
    def host(self) -> str:
        """Return the gateway's host."""
        return self._channel.host

    @property
    def port(self) -> int:
        """Return the gateway's web port."""
        return self._channel.port

    @property
    def base_url(self) -> str:
        """Return ``http://host:port`` (no credentials), e.g. for a UI link."""
        return str(self._channel.base_url)

    @property
    def api(self) -> ApiVersion:
        """Return the API generation the client prefers."""
        return self._order[0]

    @property
    def apis(self) -> tuple[ApiVersion, ...]:
        """Return the API generations the client uses, preferred first."""
        return self._order

    @property
    def features(self) -> frozenset[Feature]:
        """Return the optional operations one of the client's APIs offers."""
        return frozenset().union(
            *(self._transport(api).features for api in self._order)
        )

    def supports(self, feature: Feature) -> bool:
        """Return True when one of the client's API generations offers ``feature``."""
        return feature in self.features

    def use_apis(self, apis: Iterable[ApiVersion | str]) -> None:
        """Speak ``apis``, preferred first (each a generation the gateway speaks)."""
        order = tuple(dict.fromkeys(ApiVersion(api) for api in apis))
        if not order:
            raise ValueError("At least one API generation is needed")
        self._order = order

    def _transport(self, api: ApiVersion) -> Transport:
        if (transport := self._transports.get(api)) is None:
            transport = self._transports[api] = _TRANSPORTS[api](self._channel)
        return transport

    async def _run[T](self, operation: Callable[[Transport], Awaitable[T]]) -> T:
        """Run ``operation`` on the preferred API, the next one when it lacks it.

        A generation lacks what its transport does not implement or what its
        endpoint answers 404 to (the gateway did not act on it): the next one
        the gateway speaks gets the same request. A generation on a secure
        session goes first: the others would carry the password.
        """
        order = sorted(
            self._order, key=lambda api: not self._transport(api).secure_session_active
        )
        error: EjoinUnsupportedError | None = None
        for api in order:
            try:
                return await operation(self._transport(api))
            except EjoinUnsupportedError as err:
                _LOGGER.debug("API %s lacks it: %s", api, err)
                error = err
        assert error is not None  # noqa: S101
        raise error

    # ---------------------------------------------------------------- detection

    async def detect_api(self) -> DeviceStatus:
        """Find out which API generations the gateway speaks; use them; return its status.

        v2.1 is asked first (``goip_get_status.html``), then v3
        (``get_device_status``); the client then prefers v3 where it answered.
        Credentials v2.1 rejects are wrong; a v3 answer of ``[]`` means the same
        (field notes) on a gateway without v2.1. A gateway that answers neither
        raises the v2.1 error. An unreachable gateway raises at once.

        A client on a secure session stays on v2.1 and does not ask v3: the v3
        document knows no session, so every v3 request (this one too) would
        carry the password that the session keeps off the network.
        """
        v2_status: DeviceStatus | None = None
        v2_error: EjoinError | None = None
        try:
            v2_status = await self._transport(ApiVersion.V2).get_status(all_slots=False)
        except EjoinAuthenticationError:
            raise
        except (EjoinRefusedError, EjoinResponseError) as err:
            _LOGGER.debug("No API v2.1 at %s: %s", self.host, err)
            v2_error = err
        if (
            v2_status is not None
            and self._transport(ApiVersion.V2).secure_session_active
        ):
            self.use_apis((ApiVersion.V2,))
            return v2_status
        v3_status: DeviceStatus | None = None
        try:
            v3_status = await self._transport(ApiVersion.V3).get_status()
        except EjoinAuthenticationError:
            if v2_status is None:
                raise
        except (EjoinRefusedError, EjoinResponseError) as err:
            _LOGGER.debug("No API v3 at %s: %s", self.host, err)
        if v3_status is not None:
            self.use_apis(
                (ApiVersion.V3,)
                if v2_status is None
                else (ApiVersion.V3, ApiVersion.V2)
            )
            return v3_status
        if v2_status is None:
            assert v2_error is not None  # noqa: S101
            raise v2_error
        self.use_apis((ApiVersion.V2,))
        return v2_status

    # ------------------------------------------------------------------ status

    @property
    def secure_session_active(self) -> bool:
        """Return True when requests of some API authenticate by a secure session."""
        return any(
            transport.secure_session_active for transport in self._transports.values()
        )

    async def get_status(
        self, *, all_slots: bool = True, all_sims: bool = False
    ) -> DeviceStatus:
        """Return the gateway's status.

        ``all_slots`` asks for every SIM slot, not only the active ones (v3
        always reports every slot). Old v2.1 firmware answering plain
        ``key=value`` lines is understood too. The status push settings stay
        untouched.
        """
        return await self._run(
            lambda t: t.get_status(all_slots=all_slots, all_sims=all_sims)
        )

    async def register_status_push(
        self, url: str, period: int = 60, *, all_slots: bool = True
    ) -> DeviceStatus | None:
        """Make the gateway push its status to ``url`` every ``period`` seconds.

        The gateway also pushes ``port-status`` on every slot change. ``period``
        is at least 60 (v2.1 doc 4.1.2, v3 ``set_status_report_server``).
        Returns the status the gateway answers with, or None when it answers
        none.
        """
        if period < 60:
            raise ValueError(f"Status push period must be 60 s or more, got {period}")
        return await self._run(
            lambda t: t.register_status_push(url, period, all_slots=all_slots)
        )

    async def cancel_status_push(self) -> None:
        """Stop the gateway's periodic status push."""
        await self._run(lambda t: t.cancel_status_push())

    async def get_sms_url(self) -> str | None:
        """Return where the gateway pushes received SMS, None when unset."""
        return await self._run(lambda t: t.get_sms_url())

    async def set_sms_url(self, url: str, *, save: bool = False) -> None:
        """Set where the gateway pushes received SMS (v3: its send reports too)."""
        await self._run(lambda t: t.set_sms_url(url, save=save))

    # ---------------------------------------------------------------- commands

    async def lock(self, selection: SelectionInput) -> None:
        """Lock ports or slots; a bare port locks all its slots.

        Locking is the only reliable way to take a port off the network.
        """
        target = _selection(selection)
        await self._run(lambda t: t.lock(target))

    async def unlock(self, selection: SelectionInput) -> None:
        """Unlock ports or slots; a bare port unlocks all its slots."""
        target = _selection(selection)
        await self._run(lambda t: t.unlock(target))

    async def switch(self, address: SlotAddress | str) -> None:
        """Make ``address`` the active SIM of its port.

        Sent in the dot form ``"2.02"``, as in the v2.1 doc's own switch example
        (6.4.2), the field notes and the v3 document; this form also covers
        slots above 26.
        """
        target = SlotAddress.parse(address)
        await self._run(lambda t: t.switch(target))

    async def reset(self, ports: SelectionInput) -> None:
        """Restart the GSM modules of ``ports`` (only port numbers count)."""
        target = _selection(ports)
        await self._run(lambda t: t.reset(target))

    async def save(self) -> None:
        """Save the running configuration (v2.1 ``op=set`` changes are RAM only)."""
        await self._run(lambda t: t.save())

    async def reboot(self) -> None:
        """Reboot the gateway."""
        await self._run(lambda t: t.reboot())

    async def run_commands(
        self, commands: Iterable[tuple[CommandOp | str, SelectionInput]]
    ) -> None:
        """Run several lock/unlock/switch/reset commands (one request in v2.1)."""
        steps: list[tuple[CommandOp, PortSelection | SlotAddress]] = []
        for op, target in commands:
            operation = CommandOp(op)
            if operation is CommandOp.SWITCH:
                steps.append((operation, SlotAddress.parse(_single_text(target))))
            else:
                steps.append((operation, _selection(target)))
        if not steps:
            raise ValueError("No commands to run")
        await self._run(lambda t: t.run_commands(steps))

    async def set_leds(self, selection: SelectionInput, *, on: bool) -> None:
        """Turn the LEDs of ports or slots on or off (API v3); a port: all slots."""
        target = _selection(selection)
        await self._run(lambda t: t.set_leds(target, on=on))

    # -------------------------------------------------------------- parameters

    async def get_parameters(self, *names: str) -> dict[str, str]:
        """Read configuration parameters (v2.1 ``op=get``), e.g. ``sms_url``.

        The names are sent as bare query keys (``op=get&sms_url``), as public
        clients do; the doc does not say. The reply's parameters are returned as
        strings, from a JSON object or from ``name=value`` text.
        """
        if not names:
            raise ValueError("No parameter names given")
        for name in names:
            _check_param_name(name)
        return await self._run(lambda t: t.get_parameters(*names))

    async def set_parameters(
        self, values: Mapping[str, str | int], *, save: bool = False
    ) -> int:
        """Set configuration parameters (v2.1 ``op=set``); return how many were set.

        The body is ``text/plain`` ``name=value&name=value``. Changes live in RAM
        until :meth:`save` (``save=True`` does it right after); a reboot without
        saving reverts them. The count is the gateway's ``par_set`` (the number of
        values sent when it does not say).
        """
        if not values:
            raise ValueError("No parameters to set")
        for name in values:
            _check_param_name(name)
        return await self._run(lambda t: t.set_parameters(values, save=save))

    async def set_sim_imei(
        self,
        address: SlotAddress | str,
        imei: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the IMEI the gateway reports for one slot.

        This changes the IMEI the gateway reports, not necessarily what the radio
        transmits (that takes an AT command and a module reset). ``imei`` must be
        15 digits with a valid Luhn check digit (ValueError otherwise).
        """
        if not is_valid_imei(imei):
            raise ValueError("IMEI must be 15 digits with a valid check digit")
        target = SlotAddress.parse(address)
        await self._run(
            lambda t: t.set_sim_imei(target, imei, slots_per_port, save=save)
        )

    async def set_sim_number(
        self,
        address: SlotAddress | str,
        number: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the phone number recorded for one slot."""
        target = SlotAddress.parse(address)
        await self._run(
            lambda t: t.set_sim_number(target, number, slots_per_port, save=save)
        )

    # ------------------------------------------------------------------ sending

    async def send_sms(
        self,
        tasks: SmsTask | Iterable[SmsTask],
        *,
        sr_url: str | None = None,
        sr_cnt: int | None = None,
        sr_prd: int | None = None,
        sms_url: str | None = None,
        sms_cnt: int | None = None,
        sms_prd: int | None = None,
    ) -> tuple[TaskResult, ...]:
        """Submit SMS/MMS tasks; return each task's result.

        A result with a non-zero code (e.g. 16 Too Many Task) means that task was
        not taken. ``sr_*`` set where/how status reports are pushed, ``sms_*``
        the same for received SMS (v3 keeps one report URL for the gateway).
        """
        task_list = [tasks] if isinstance(tasks, SmsTask) else list(tasks)
        if not task_list:
            raise ValueError("No SMS tasks to send")
        tids = [task.tid for task in task_list]
        if len(set(tids)) != len(tids):
            raise ValueError("Task ids must be unique within one request")
        return await self._run(
            lambda t: t.send_sms(
                task_list,
                sr_url=sr_url,
                sr_cnt=sr_cnt,
                sr_prd=sr_prd,
                sms_url=sms_url,
                sms_cnt=sms_cnt,
                sms_prd=sms_prd,
            )
        )

    async def pause_tasks(
        self, tids: Iterable[int] | None = None
    ) -> tuple[TaskResult, ...]:
        """Pause queued tasks (all when ``tids`` is None)."""
        ids = _tids(tids)
        return await self._run(lambda t: t.pause_tasks(ids))

    async def resume_tasks(
        self, tids: Iterable[int] | None = None
    ) -> tuple[TaskResult, ...]:
        """Resume paused tasks (all when ``tids`` is None)."""
        ids = _tids(tids)
        return await self._run(lambda t: t.resume_tasks(ids))

    async def remove_tasks(
        self, tids: Iterable[int] | None = None
    ) -> tuple[TaskResult, ...]:
        """Delete queued tasks (all when ``tids`` is None)."""
        ids = _tids(tids)
        return await self._run(lambda t: t.remove_tasks(ids))

    async def get_tasks(
        self,
        port: int,
        position: int = 0,
        count: int = 10,
        *,
        include_content: bool = False,
    ) -> TaskQuery:
        """Return a page of ``port``'s send queue."""
        if port < 1 or position < 0 or count < 1:
            raise ValueError(
                "Port must be 1 or more, position 0 or more, count 1 or more"
            )
        return await self._run(
            lambda t: t.get_tasks(
                port, position, count, include_content=include_content
            )
        )

    # ---------------------------------------------------------------- receiving

    async def get_sms(self, start_id: int = 1, count: int = 0) -> InboxPage:
        """Return received SMS from id ``start_id`` (``count`` 0: all), deleting none.

        Use the page's ``next_id`` as the next ``start_id``; when ``ssrc``
        changes the gateway rebooted and ids restarted at 1. A GET: reading is
        harmless to repeat, which aiohttp does once after a dropped connection.
        """
        if start_id < 1 or count < 0:
            raise ValueError("start_id must be 1 or more and count 0 or more")
        return await self._run(lambda t: t.get_sms(start_id, count))

    async def delete_sms(self, start_id: int, count: int) -> InboxPage:
        """Delete ``count`` messages from id ``start_id``; return what was deleted.

        Only v2.1 deletes (v3 has no delete). Read the messages with
        :meth:`get_sms` first and delete what it returned (its ``first_id`` and
        ``row_count``): the gateway deletes what this request returns (doc
        8.2.2), which is the same messages unless the inbox changed in between,
        so compare. Sent as a POST (doc 8: "GET/POST"), which aiohttp never
        re-sends by itself: a deleting GET re-sent after a dropped connection
        would delete the next messages, returned to nobody. The parameters go in
        the query string and the JSON body, as the doc does not say which one a
        POST reads.
        """
        if start_id < 1 or count < 1:
            raise ValueError("start_id and count must be 1 or more")
        return await self._run(lambda t: t.delete_sms(start_id, count))

    # --------------------------------------------------------------- statistics

    async def get_sms_statistics(
        self,
        ports: SelectionInput = "all",
        slots: str | int | Iterable[int] | None = None,
        period: StatPeriod | str | int = StatPeriod.LAST_HOUR,
    ) -> tuple[SmsStatistics, ...]:
        """Return SMS counters per slot (``slots`` None: the current cards)."""
        selection, numbers, chosen = _stat_args(ports, slots, period)
        return await self._run(
            lambda t: t.get_sms_statistics(selection, numbers, chosen)
        )

    async def get_call_statistics(
        self,
        ports: SelectionInput = "all",
        slots: str | int | Iterable[int] | None = None,
        period: StatPeriod | str | int = StatPeriod.LAST_HOUR,
    ) -> tuple[CallStatistics, ...]:
        """Return call counters per slot (``slots`` None: the current cards)."""
        selection, numbers, chosen = _stat_args(ports, slots, period)
        return await self._run(
            lambda t: t.get_call_statistics(selection, numbers, chosen)
        )

    # ----------------------------------------------------------- secure session

    async def start_secure_session(self, expires: int = 180) -> None:
        """Authenticate every later v2.1 request through a secure session (doc 3).

        Handshakes on ``/crypt_sess.json``; afterwards requests carry ``seq``,
        ``session`` and ``auth`` instead of the username and password, so the
        password no longer travels in URLs. The session is renewed before it
        expires and once after a rejection. Bodies stay plain: the doc names no
        cipher for ``crypt``, so none is negotiated. The v3 document has no
        secure session: v3 requests keep the username and password.
        """
        if expires < 1:
            raise ValueError("Session lifetime must be 1 s or more")
        await self._run(lambda t: t.start_secure_session(expires))

    def end_secure_session(self) -> None:
        """Go back to username/password authentication."""
        for transport in self._transports.values():
            transport.end_secure_session()

    # ------------------------------------------------------- modem and radio

    async def send_ussd(
        self, ports: Iterable[int], code: str, *, wait_seconds: int = 30
    ) -> tuple[UssdReply, ...]:
        """Send the USSD request ``code`` from ``ports``; return each reply (v3).

        The gateway answers once the network replied or ``wait_seconds`` passed;
        the request waits that long.
        """
        numbers = _ports(ports)
        if not code.strip():
            raise ValueError("A USSD code is needed")
        if wait_seconds < 1:
            raise ValueError("The wait must be 1 s or more")
        return await self._run(
            lambda t: t.send_ussd(numbers, code.strip(), wait_seconds=wait_seconds)
        )

    async def send_at(
        self, port: int, command: str, *, wait_seconds: int = 10
    ) -> AtReply:
        """Send one AT command to the module of ``port``; return its answer (v3).

        Neither the command nor the answer is logged: they can hold secrets.
        """
        if port < 1:
            raise ValueError("Port must be 1 or more")
        if not command.strip() or "\r" in command or "\n" in command:
            raise ValueError("One AT command on one line is needed")
        if wait_seconds < 1:
            raise ValueError("The wait must be 1 s or more")
        return await self._run(
            lambda t: t.send_at(port, command.strip(), wait_seconds=wait_seconds)
        )

    async def get_network_types(
        self, ports: Iterable[int]
    ) -> dict[int, NetworkType | None]:
        """Return the network type each of ``ports`` uses (v3)."""
        numbers = _ports(ports)
        return await self._run(lambda t: t.get_network_types(numbers))

    async def set_network_type(
        self, ports: Iterable[int], network_type: NetworkType | str
    ) -> None:
        """Set the network type of ``ports`` (v3)."""
        numbers = _ports(ports)
        chosen = NetworkType(network_type)
        await self._run(lambda t: t.set_network_type(numbers, chosen))

    async def scan_serving_cells(self, ports: Iterable[int]) -> None:
        """Start a scan of the serving cells of ``ports`` (v3; it takes a while)."""
        numbers = _ports(ports)
        await self._run(lambda t: t.scan_serving_cells(numbers))

    async def get_serving_cells(self, ports: Iterable[int]) -> tuple[ServingCell, ...]:
        """Return the latest serving-cell scan of ``ports`` (v3)."""
        numbers = _ports(ports)
        return await self._run(lambda t: t.get_serving_cells(numbers))

    def _redact(self, text: str) -> str:
        """Remove query strings and credentials from an error text."""
        return self._channel.redact(text)

    # -------------------------------------------------------------- async with

    async def __aenter__(self) -> Self:
        """Enter an ``async with`` block."""
        return self

    async def __aexit__(self, *_exc_info: object) -> None:
        """Leave an ``async with`` block (the injected session stays open)."""
        self.end_secure_session()


def _selection(value: SelectionInput) -> PortSelection:
    """Return a PortSelection from any accepted input."""
    return value if isinstance(value, PortSelection) else PortSelection.parse(value)


def _single_text(value: SelectionInput) -> str | SlotAddress:
    """Return the single slot named by a switch target."""
    if isinstance(value, SlotAddress | str):
        return value
    raise ValueError("A switch names exactly one slot, like '2.02'")


def _check_param_name(name: str) -> None:
    """Reject parameter names that would break the query or body framing."""
    if not _PARAM_NAME_RE.match(name):
        raise ValueError(f"Invalid parameter name {name!r}")


def _tids(tids: Iterable[int] | None) -> tuple[int, ...] | None:
    return None if tids is None else tuple(int(tid) for tid in tids)


def _ports(ports: Iterable[int]) -> tuple[int, ...]:
    numbers = tuple(dict.fromkeys(ports))
    if not numbers or any(port < 1 for port in numbers):
        raise ValueError("Ports must be 1 or more, at least one")
    return numbers


def _stat_args(
    ports: SelectionInput,
    slots: str | int | Iterable[int] | None,
    period: StatPeriod | str | int,
) -> tuple[PortSelection, str | None, StatPeriod]:
    """Check the arguments of a statistics query."""
    return (
        _selection(ports),
        None if slots is None else _slot_numbers(slots),
        StatPeriod.parse(period),
    )


def _slot_numbers(slots: str | int | Iterable[int]) -> str:
    """Format a slot-number selection: ``"all"``, ``"2"``, ``"1-2,4"``."""
    if isinstance(slots, str):
        text = slots.strip().lower()
        if text in {"all", "*"}:
            return "all"
        numbers: list[int] = []
        for part in text.split(","):
            first, sep, last = part.partition("-")
            if not first.strip().isdigit() or (sep and not last.strip().isdigit()):
                raise ValueError(f"Invalid slot selection {slots!r}")
            start = int(first)
            stop = int(last) if sep else start
            if start < 1 or stop < start:
                raise ValueError(f"Invalid slot selection {slots!r}")
            numbers.extend(range(start, stop + 1))
        return format_number_ranges(numbers)
    if isinstance(slots, int):
        slots = [slots]
    numbers = list(slots)
    if not numbers or any(number < 1 for number in numbers):
        raise ValueError("Slot numbers must be 1 or more")
    return format_number_ranges(numbers)
