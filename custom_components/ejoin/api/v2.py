"""The transport of API v2.1: the ``goip_*`` endpoints of the v2.1 document."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
import hashlib
import json
import logging
import re
import secrets
from typing import Any, override
from urllib.parse import quote

from ._convert import split_code, to_int, to_str
from .exceptions import (
    EjoinAuthenticationError,
    EjoinRefusedError,
    EjoinResponseError,
)
from .models import (
    TASK_STATUS_TEXT,
    ApiVersion,
    CallStatistics,
    CommandOp,
    DeviceStatus,
    Feature,
    InboxPage,
    SlotRowMemo,
    SmsStatistics,
    SmsTask,
    SmsType,
    StatPeriod,
    TaskQuery,
    TaskResult,
)
from .notation import PortSelection, SlotAddress, sim_param_index
from .transport import (
    JSON_CONTENT_TYPE,
    TEXT_CONTENT_TYPE,
    HttpChannel,
    Pairs,
    Transport,
    strip_reply,
)

__all__ = ["V2Transport", "check_reply", "decode_json"]

_LOGGER = logging.getLogger(__name__)

#: ``version`` sent where the doc marks it (the behaviour described is 1.1's).
API_VERSION = "1.1"
#: Result codes meaning success: 200 on most replies, 0 on ``op=set``, the inbox
#: query and the secure-session handshake (field notes).
_SUCCESS_CODES = frozenset({0, 200})
#: Result codes meaning the credentials/session were rejected.
_AUTH_CODES = frozenset({1, 14})
_AUTH_REASONS = frozenset({"invalid user", "unauthorized"})
#: Characters left as they are in ``op=set`` values: everything that cannot
#: break the ``a=b&c=d`` framing. ``&``, ``=``, ``+``, ``%``, ``#``, blanks and
#: non-ASCII are percent-encoded (the doc asks to URL-encode special characters).
_VALUE_SAFE = ":/?@!$'()*,;~-._"
_BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_HANDSHAKE_PATH = "/crypt_sess.json"
#: Renew a secure session this many seconds before the gateway would expire it.
_SESSION_MARGIN = 5.0
#: Longest reply read as a possible error reply (``{"code": 1, ...}``).
_ERROR_REPLY_MAX = 4096
#: Replies bigger than this are parsed in a worker thread, off the event loop.
_PARSE_IN_THREAD = 256 * 1024


@dataclass(slots=True)
class _SecureSession:
    """State of an established secure session (doc section 3)."""

    session: str
    seq: int
    expires: int
    deadline: float


class V2Transport(Transport):
    """The ``goip_*`` endpoints (v2.1 document), with the secure session of section 3.

    Arguments are checked by :class:`~.client.EjoinClient`; what is checked here
    is only what this generation's wire format cannot carry.
    """

    api = ApiVersion.V2
    features = frozenset(
        {Feature.INBOX_DELETE, Feature.SECURE_SESSION, Feature.PARAMETERS}
    )

    def __init__(self, channel: HttpChannel) -> None:
        """Talk to the gateway through ``channel``."""
        super().__init__(channel)
        self._secure: _SecureSession | None = None
        self._secure_expires: int | None = None
        self._secure_lock = asyncio.Lock()
        # Status rows of the last reply: unchanged ones are not parsed again.
        self._status_rows = SlotRowMemo()
        self._parse_lock = asyncio.Lock()

    @property
    @override
    def secure_session_active(self) -> bool:
        """Return True when requests authenticate through a secure session."""
        return self._secure_expires is not None

    # ------------------------------------------------------------------ status

    @override
    async def get_status(
        self, *, all_slots: bool = True, all_sims: bool = False
    ) -> DeviceStatus:
        """Return the gateway's status (``goip_get_status.html``).

        ``all_slots`` asks for every SIM slot, not only the active ones. Old
        firmware answering plain ``key=value`` lines is understood too. No
        ``url``/``period`` is sent, so the status push settings stay untouched.
        """
        params = {"all_slots": "1" if all_slots else "0"}
        if all_sims:
            params["all_sims"] = "1"
        text = await self._call_text("/goip_get_status.html", params)
        return await self._parse_status(text)

    async def _parse_status(self, text: str) -> DeviceStatus:
        """Parse a status reply; a big one in a thread (the memo is not shared)."""
        async with self._parse_lock:
            if len(text) > _PARSE_IN_THREAD:
                return await asyncio.to_thread(_parse_status, text, self._status_rows)
            return _parse_status(text, self._status_rows)

    @override
    async def register_status_push(
        self, url: str, period: int = 60, *, all_slots: bool = True
    ) -> DeviceStatus | None:
        """Make the gateway push its status to ``url`` every ``period`` seconds.

        The gateway also pushes ``port-status`` on every slot change. ``period``
        is at least 60 (doc 4.1.2). Returns the status the gateway answers with,
        or None when it answers only a result code.
        """
        params = {
            "url": url,
            "period": str(period),
            "all_slots": "1" if all_slots else "0",
        }
        text = await self._call_text("/goip_get_status.html", params)
        try:
            return await self._parse_status(text)
        except EjoinResponseError:
            return None

    @override
    async def cancel_status_push(self) -> None:
        """Stop the gateway's periodic status push (``period=0``)."""
        await self._call_text("/goip_get_status.html", {"period": "0"})

    # ---------------------------------------------------------------- commands

    @override
    async def lock(self, selection: PortSelection) -> None:
        """Lock ports or slots; a bare port locks all its slots."""
        await self._command(CommandOp.LOCK, selection.to_command())

    @override
    async def unlock(self, selection: PortSelection) -> None:
        """Unlock ports or slots; a bare port unlocks all its slots."""
        await self._command(CommandOp.UNLOCK, selection.to_command())

    @override
    async def switch(self, address: SlotAddress) -> None:
        """Make ``address`` the active SIM of its port.

        Sent in the dot form ``"2.02"``, as in the doc's own switch example
        (6.4.2) and the field notes; this form also covers slots above 26.
        """
        await self._command(CommandOp.SWITCH, str(address))

    @override
    async def reset(self, ports: PortSelection) -> None:
        """Restart the GSM modules of ``ports`` (only port numbers count)."""
        await self._command(CommandOp.RESET, ports.to_port_command())

    @override
    async def save(self) -> None:
        """Save the running configuration (``op=set`` changes are RAM only)."""
        await self._command("save", None)

    @override
    async def reboot(self) -> None:
        """Reboot the gateway."""
        await self._command("reboot", None)

    @override
    async def run_commands(
        self, commands: Sequence[tuple[CommandOp, PortSelection | SlotAddress]]
    ) -> None:
        """Run several lock/unlock/switch/reset commands in one request."""
        ops: list[dict[str, str]] = []
        for operation, target in commands:
            if isinstance(target, SlotAddress):
                ports = str(target)
            elif operation is CommandOp.RESET:
                ports = target.to_port_command()
            else:
                ports = target.to_command()
            ops.append({"op": operation.value, "ports": ports})
        await self._call_json(
            "/goip_send_cmd.html",
            {"version": API_VERSION},
            json_body={"type": "command", "op": "multiple", "ops": ops},
        )

    async def _command(self, op: str, ports: str | None) -> None:
        """Send one ``goip_send_cmd.html`` command."""
        body: dict[str, str] = {"type": "command", "op": str(op)}
        if ports is not None:
            body["ports"] = ports
        await self._call_json(
            "/goip_send_cmd.html", {"version": API_VERSION}, json_body=body
        )

    # -------------------------------------------------------------- parameters

    @override
    async def get_parameters(self, *names: str) -> dict[str, str]:
        """Read configuration parameters (``op=get``), e.g. ``sms_url``.

        The names are sent as bare query keys (``op=get&sms_url``), as public
        clients do; the doc does not say. The reply's parameters are returned as
        strings, from a JSON object or from ``name=value`` text.
        """
        pairs: list[tuple[str, str | None]] = [("op", "get")]
        pairs.extend((name, None) for name in names)
        text = await self._call_text("/goip_send_cmd.html", pairs)
        return _parse_parameters(text)

    @override
    async def set_parameters(
        self, values: Mapping[str, str | int], *, save: bool = False
    ) -> int:
        """Set configuration parameters (``op=set``) and return how many were set.

        The body is ``text/plain`` ``name=value&name=value``. Changes live in RAM
        until :meth:`save` (``save=True`` does it right after); a reboot without
        saving reverts them. The count is the gateway's ``par_set`` (the number of
        values sent when it does not say).
        """
        body = "&".join(
            f"{name}={quote(str(value), safe=_VALUE_SAFE)}"
            for name, value in values.items()
        )
        data = await self._call_json(
            "/goip_send_cmd.html", {"op": "set"}, text_body=body
        )
        count = to_int(data.get("par_set"))
        if save:
            await self.save()
        return len(values) if count is None else count

    @override
    async def set_sim_imei(
        self,
        address: SlotAddress,
        imei: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the IMEI the gateway reports for one slot (``sim_imei(n)``).

        This changes the IMEI the gateway reports, not necessarily what the radio
        transmits (that takes an AT command and a module reset).
        """
        index = sim_param_index(address, slots_per_port)
        await self._set_one(f"sim_imei({index})", imei, save=save)

    @override
    async def set_sim_number(
        self,
        address: SlotAddress,
        number: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the phone number recorded for one slot (``sim_number(n)``)."""
        index = sim_param_index(address, slots_per_port)
        await self._set_one(f"sim_number({index})", number, save=save)

    @override
    async def get_sms_url(self) -> str | None:
        """Return the URL the gateway pushes received SMS to (``sms_url``)."""
        values = await self.get_parameters("sms_url")
        return to_str(values.get("sms_url"))

    @override
    async def set_sms_url(self, url: str, *, save: bool = False) -> None:
        """Set the URL the gateway pushes received SMS to (``sms_url``)."""
        await self._set_one("sms_url", url, save=save)

    async def _set_one(self, name: str, value: str, *, save: bool) -> None:
        """Set one parameter; a reported ``par_set`` of 0 is a refusal."""
        count = await self.set_parameters({name: value}, save=False)
        if count < 1:
            raise EjoinRefusedError(
                -1, "Parameter not set", f"Gateway did not set {name}"
            )
        if save:
            await self.save()

    # ------------------------------------------------------------------ sending

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
        """Submit SMS/MMS tasks (``goip_post_sms.html``); return each task's result.

        A result with a non-zero code (e.g. 16 Too Many Task) means that task was
        not taken. ``sr_*`` set where/how status reports are pushed, ``sms_*``
        the same for received SMS.
        """
        options = {
            "sr_url": sr_url,
            "sr_cnt": sr_cnt,
            "sr_prd": sr_prd,
            "sms_url": sms_url,
            "sms_cnt": sms_cnt,
            "sms_prd": sms_prd,
        }
        body: dict[str, Any] = {"type": "send-sms", "task_num": len(tasks)}
        body.update({key: value for key, value in options.items() if value is not None})
        body["tasks"] = [_task_payload(task) for task in tasks]
        data = await self._call_json(
            "/goip_post_sms.html", {"version": API_VERSION}, json_body=body
        )
        return check_task_results(_task_results(data, "status"))

    @override
    async def pause_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Pause queued tasks (all when ``tids`` is None)."""
        return await self._task_action("/goip_pause_sms.html", tids)

    @override
    async def resume_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Resume paused tasks (all when ``tids`` is None)."""
        return await self._task_action("/goip_resume_sms.html", tids)

    @override
    async def remove_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Delete queued tasks (all when ``tids`` is None)."""
        return await self._task_action("/goip_remove_sms.html", tids)

    async def _task_action(
        self, path: str, tids: Iterable[int] | None
    ) -> tuple[TaskResult, ...]:
        """Pause/resume/remove; the reply has no ``results`` without ``tids``."""
        body: dict[str, Any] = {}
        if tids is not None:
            body["tids"] = [int(tid) for tid in tids]
        data = await self._call_json(path, {"version": API_VERSION}, json_body=body)
        return _task_results(data, "results")

    @override
    async def get_tasks(
        self, port: int, position: int, count: int, *, include_content: bool
    ) -> TaskQuery:
        """Return a page of ``port``'s send queue (``goip_get_tasks.html``)."""
        data = await self._call_json(
            "/goip_get_tasks.html",
            {
                "version": API_VERSION,
                "port": str(port),
                "pos": str(position),
                "num": str(count),
                "has_content": "1" if include_content else "0",
            },
        )
        return TaskQuery.from_dict(data)

    # ---------------------------------------------------------------- receiving

    @override
    async def get_sms(self, start_id: int, count: int) -> InboxPage:
        """Return received SMS from id ``start_id`` (``count`` 0: all), deleting none.

        Use the page's ``next_id`` as the next ``start_id``; when ``ssrc``
        changes the gateway rebooted and ids restarted at 1. A GET: reading is
        harmless to repeat, which aiohttp does once after a dropped connection.
        """
        data = await self._call_json(
            "/goip_get_sms.html",
            {"sms_id": str(start_id), "sms_num": str(count), "sms_del": "0"},
        )
        return InboxPage.from_dict(data, start_id=start_id)

    @override
    async def delete_sms(self, start_id: int, count: int) -> InboxPage:
        """Delete ``count`` messages from id ``start_id``; return what was deleted.

        Read the messages with :meth:`get_sms` first and delete what it returned
        (its ``first_id`` and ``row_count``): the gateway deletes what this
        request returns (doc 8.2.2), which is the same messages unless the inbox
        changed in between, so compare. Sent as a POST (doc 8: "GET/POST"),
        which aiohttp never re-sends by itself: a deleting GET re-sent after a
        dropped connection would delete the next messages, returned to nobody.
        The parameters go in the query string and the JSON body, as the doc
        does not say which one a POST reads.
        """
        params = {"sms_id": str(start_id), "sms_num": str(count), "sms_del": "1"}
        data = await self._call_json(
            "/goip_get_sms.html",
            params,
            json_body={"sms_id": start_id, "sms_num": count, "sms_del": 1},
        )
        return InboxPage.from_dict(data, start_id=start_id)

    # --------------------------------------------------------------- statistics

    @override
    async def get_sms_statistics(
        self,
        ports: PortSelection,
        slots: str | None,
        period: StatPeriod,
    ) -> tuple[SmsStatistics, ...]:
        """Return SMS counters per slot (``slots`` None: the current cards)."""
        data = await self._call_json(
            "/goip_get_sms_stat.html", _stat_params(ports, slots, period)
        )
        return tuple(SmsStatistics.from_dict(row) for row in _stat_rows(data))

    @override
    async def get_call_statistics(
        self,
        ports: PortSelection,
        slots: str | None,
        period: StatPeriod,
    ) -> tuple[CallStatistics, ...]:
        """Return call counters per slot (``slots`` None: the current cards)."""
        data = await self._call_json(
            "/goip_get_call_stat.html", _stat_params(ports, slots, period)
        )
        return tuple(CallStatistics.from_dict(row) for row in _stat_rows(data))

    # ----------------------------------------------------------- secure session

    @override
    async def start_secure_session(self, expires: int = 180) -> None:
        """Authenticate every later request through a secure session (doc 3).

        Handshakes on ``/crypt_sess.json``; afterwards requests carry ``seq``,
        ``session`` and ``auth`` instead of the username and password, so the
        password no longer travels in URLs. The session is renewed before it
        expires and once after a rejection. Bodies stay plain: the doc names no
        cipher for ``crypt``, so none is negotiated.
        """
        async with self._secure_lock:
            previous = self._secure_expires, self._secure
            self._secure_expires = expires
            self._secure = None
            try:
                await self._handshake()
            except BaseException:
                # A failed start leaves the client as it was.
                self._secure_expires, self._secure = previous
                raise

    @override
    def end_secure_session(self) -> None:
        """Go back to username/password authentication."""
        self._secure_expires = None
        self._secure = None

    async def _handshake(self) -> None:
        """Establish a secure session; call with the lock held."""
        expires = self._secure_expires or 180
        cnonce = secrets.token_hex(16)
        # url-resource of the handshake itself is its path, "/crypt_sess.json"
        # (3.3 step 1 defines url-resource as the URL without host and query).
        auth = _md5(
            self.channel.username + self.channel.password + cnonce + _HANDSHAKE_PATH
        )
        params: list[tuple[str, str | None]] = [
            ("username", self.channel.username),
            ("cnonce", cnonce),
            ("expires", str(expires)),
            ("auth", auth),
        ]
        status, text = await self._send(_HANDSHAKE_PATH, params)
        data = check_reply(decode_json(text, status))
        session = to_str(data.get("session") or data.get("Session"))
        if session is None:
            raise EjoinResponseError("Secure session reply without a session id")
        lifetime = to_int(data.get("expires")) or expires
        self._secure = _SecureSession(
            session=session,
            seq=0,
            expires=lifetime,
            deadline=_now() + lifetime - _SESSION_MARGIN,
        )
        _LOGGER.debug("Secure session established for %s s", lifetime)

    def _secure_params(self, path: str) -> list[tuple[str, str | None]]:
        """Return the next request's session parameters (increments ``seq``)."""
        assert self._secure is not None  # noqa: S101
        self._secure.seq += 1
        seq = str(self._secure.seq)
        auth = _md5(
            self.channel.username
            + self.channel.password
            + self._secure.session
            + seq
            + path
        )
        # ``expires`` resets the session's life cycle on every request (3.2.3).
        self._secure.deadline = _now() + self._secure.expires - _SESSION_MARGIN
        return [
            ("seq", seq),
            ("session", self._secure.session),
            ("auth", auth),
            ("expires", str(self._secure.expires)),
        ]

    # ---------------------------------------------------------------- transport

    async def _call_json(
        self,
        path: str,
        params: Mapping[str, str] | Sequence[tuple[str, str | None]] | None = None,
        *,
        json_body: Any = None,
        text_body: str | None = None,
    ) -> dict[str, Any]:
        """Request ``path`` and return its checked JSON object."""
        result = await self._call(
            path, params, json_body=json_body, text_body=text_body
        )
        assert isinstance(result, dict)  # noqa: S101
        return result

    async def _call_text(
        self,
        path: str,
        params: Mapping[str, str] | Sequence[tuple[str, str | None]] | None = None,
    ) -> str:
        """Request ``path`` and return the body; a JSON error reply still raises."""
        result = await self._call(path, params, raw=True)
        assert isinstance(result, str)  # noqa: S101
        return result

    async def _call(
        self,
        path: str,
        params: Mapping[str, str] | Sequence[tuple[str, str | None]] | None,
        *,
        json_body: Any = None,
        text_body: str | None = None,
        raw: bool = False,
    ) -> str | dict[str, Any]:
        """Authenticate, send and check one request (retrying a stale session)."""
        pairs: list[tuple[str, str | None]] = (
            list(params.items()) if isinstance(params, Mapping) else list(params or ())
        )
        if self._secure_expires is None:
            # Credentials go in the query string, POST included: 6.3.2.1 says a
            # POST carries them in its JSON, but the doc's own examples (6.4.5 to
            # 6.4.8) and public clients put them in the URL, which every gateway
            # reads; the query also keeps text/plain ``op=set`` bodies clean.
            auth = self.channel.credentials()
            return await self._call_once(
                path, auth + pairs, json_body=json_body, text_body=text_body, raw=raw
            )
        async with self._secure_lock:
            if self._secure is None or _now() >= self._secure.deadline:
                await self._handshake()
            try:
                return await self._call_once(
                    path,
                    self._secure_params(path) + pairs,
                    json_body=json_body,
                    text_body=text_body,
                    raw=raw,
                )
            except EjoinAuthenticationError:
                _LOGGER.debug("Secure session rejected, establishing a new one")
                await self._handshake()
                return await self._call_once(
                    path,
                    self._secure_params(path) + pairs,
                    json_body=json_body,
                    text_body=text_body,
                    raw=raw,
                )

    async def _call_once(
        self,
        path: str,
        pairs: list[tuple[str, str | None]],
        *,
        json_body: Any,
        text_body: str | None,
        raw: bool,
    ) -> str | dict[str, Any]:
        """Send one request and check a JSON reply's result code."""
        status, text = await self._send(
            path, pairs, json_body=json_body, text_body=text_body
        )
        if raw:
            # An error reply is a small JSON object; a big reply is the data
            # itself, parsed once by its reader (off the loop when big).
            if len(text) > _ERROR_REPLY_MAX:
                return text
            stripped = strip_reply(text)
            if stripped.startswith("{"):
                try:
                    data = json.loads(stripped)
                except json.JSONDecodeError, RecursionError:
                    return text
                if isinstance(data, dict):
                    check_reply(data)
            return text
        return check_reply(decode_json(text, status))

    async def _send(
        self,
        path: str,
        pairs: Pairs,
        *,
        json_body: Any = None,
        text_body: str | None = None,
    ) -> tuple[int, str]:
        """Send one request: a GET without a body, a POST with one."""
        if json_body is not None:
            return await self.channel.request(
                "POST",
                path,
                pairs,
                body=json.dumps(json_body, ensure_ascii=False).encode(),
                content_type=JSON_CONTENT_TYPE,
            )
        if text_body is not None:
            return await self.channel.request(
                "POST",
                path,
                pairs,
                body=text_body.encode(),
                content_type=TEXT_CONTENT_TYPE,
            )
        return await self.channel.request("GET", path, pairs)


def _now() -> float:
    """Return a monotonic clock in seconds."""
    return asyncio.get_running_loop().time()


def _md5(text: str) -> str:
    """Return the hex MD5 of a UTF-8 string (the doc's hash, not a choice)."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def decode_json(text: str, status: int) -> Any:
    """Decode a JSON reply or raise EjoinResponseError."""
    try:
        return json.loads(strip_reply(text))
    except json.JSONDecodeError, RecursionError:
        raise EjoinResponseError(
            f"Gateway answered HTTP {status} with a body that is not JSON"
        ) from None


def check_task_results(results: tuple[TaskResult, ...]) -> tuple[TaskResult, ...]:
    """Return a send's task results; raise when every task names the credentials.

    Both API generations answer rejected credentials of a send this way: a
    result per task, each with code 1 (Invalid User) or 14 (Unauthorized).
    """
    if results and all(result.code in _AUTH_CODES for result in results):
        raise EjoinAuthenticationError(
            f"Gateway rejected the credentials: {results[0]}"
        )
    return results


def check_reply(data: Any) -> dict[str, Any]:
    """Return a successful reply object, or raise for its result code.

    Success is code 200 or 0, or no code at all in an otherwise sane object
    (field notes). Code 1/14, or a reason "Invalid User"/"Unauthorized" without
    a success code, is an authentication failure; other codes are refusals.
    """
    if not isinstance(data, dict):
        raise EjoinResponseError("Gateway reply is not a JSON object")
    reason = to_str(data.get("reason")) or to_str(data.get("desc")) or ""
    if "code" not in data:
        if reason.lower() in _AUTH_REASONS:
            raise EjoinAuthenticationError(
                f"Gateway rejected the credentials: {reason}"
            )
        return data
    code, code_text = split_code(data["code"])
    if code is None:
        raise EjoinResponseError("Gateway reply has an unreadable result code")
    if code in _SUCCESS_CODES:
        return data
    reason = reason or code_text or TASK_STATUS_TEXT.get(code, "Unknown")
    if code in _AUTH_CODES or reason.lower() in _AUTH_REASONS:
        raise EjoinAuthenticationError(
            f"Gateway rejected the credentials: {code} {reason}"
        )
    raise EjoinRefusedError(code, reason)


def _parse_status(text: str, memo: SlotRowMemo | None = None) -> DeviceStatus:
    """Parse a JSON status, or the plain-text status of old firmware."""
    stripped = strip_reply(text)
    if stripped.startswith("{"):
        data = decode_json(stripped, 200)
        if not isinstance(data, dict):
            raise EjoinResponseError("Status reply is not a JSON object")
        if "status" not in data and "max-ports" not in data and "mac" not in data:
            raise EjoinResponseError("Status reply carries no status")
        return DeviceStatus.from_dict(data, memo=memo)
    return DeviceStatus.from_text(stripped)


def _parse_parameters(text: str) -> dict[str, str]:
    """Read ``op=get`` results from a JSON object or ``name=value`` text."""
    stripped = strip_reply(text)
    if stripped.startswith("{"):
        # The doc gives no reply format: values are read from top-level keys and
        # from a nested "params" object, the two shapes seen.
        data = check_reply(decode_json(stripped, 200))
        nested = data.get("params")
        merged = {**data, **nested} if isinstance(nested, dict) else data
        return {
            str(key): value if isinstance(value, str) else json.dumps(value)
            for key, value in merged.items()
            if key not in {"code", "reason", "desc", "type", "par_get", "params"}
        }
    if stripped.startswith("<") or _BINARY_RE.search(stripped):
        # An HTML page (a proxy's, a login form) or binary noise: its "a=b"
        # attributes are no parameters.
        raise EjoinResponseError("Parameter reply is neither JSON nor name=value text")
    result: dict[str, str] = {}
    for part in re.split(r"[&\r\n]+", stripped):
        key, sep, value = part.partition("=")
        if sep and key.strip():
            result[key.strip()] = value.strip()
    return result


def _task_results(data: Mapping[str, Any], key: str) -> tuple[TaskResult, ...]:
    """Return the task results of a reply (``status`` or ``results``)."""
    values = data.get(key)
    if values is None:
        values = data.get("results" if key == "status" else "status")
    if values is None or isinstance(values, str | int):
        return ()
    if not isinstance(values, list):
        raise EjoinResponseError(f"Reply '{key}' is not an array")
    return tuple(TaskResult.from_dict(value) for value in values)


def _stat_rows(data: Mapping[str, Any]) -> list[Any]:
    """Return a statistics reply's rows."""
    rows = data.get("stats", [])
    if not isinstance(rows, list):
        raise EjoinResponseError("Statistics 'stats' is not an array")
    return rows


def _stat_params(
    ports: PortSelection, slots: str | None, period: StatPeriod
) -> dict[str, str]:
    """Build the statistics query (ports, slots, type)."""
    params = {
        "version": API_VERSION,
        "ports": ports.to_port_command(),
        "type": str(int(period)),
    }
    if slots is not None:
        params["slots"] = slots
    return params


def _task_payload(task: SmsTask) -> dict[str, Any]:
    """Return the v2.1 JSON of one send task (doc 6.3.2.2)."""
    numbers = task.to or tuple(number for number, _ in task.to_titles)
    payload: dict[str, Any] = {
        "tid": task.tid,
        "to": ",".join(number.strip() for number in numbers),
        "sms": task.message,
    }
    if task.from_ports is not None:
        payload["from"] = task.from_ports.to_command()
    if task.coding:
        payload["coding"] = int(task.coding)
    if task.interval_ms is not None:
        payload["intvl"] = str(task.interval_ms)  # a string in the doc
    if task.timeout_s is not None:
        payload["tmo"] = task.timeout_s
    for key, flag in (
        ("sdr", task.report_success),
        ("fdr", task.report_failure),
        ("dr", task.delivery_report),
    ):
        if flag is not None:
            payload[key] = 1 if flag else 0
    if task.sr_prd is not None:
        payload["sr_prd"] = task.sr_prd
    if task.sr_cnt is not None:
        payload["sr_cnt"] = task.sr_cnt
    if task.smsc is not None:
        # The doc's table names it "smc", public clients "smsc": send both,
        # a gateway ignores the spelling it does not know.
        payload["smc"] = task.smsc
        payload["smsc"] = task.smsc
    if task.sms_type is not SmsType.SMS:
        payload["smstype"] = int(task.sms_type)
        payload["smstitle"] = task.title or ""
        if task.attachments:
            # "type|base64" joined by ";": the field notes (real gateways) use
            # "|", the doc's example shows a blank ("txt zsSxvg=="); "|" is sent.
            payload["attachments"] = ";".join(
                f"{attachment.kind}|{base64.b64encode(attachment.data).decode()}"
                for attachment in task.attachments
            )
        if task.to_titles:
            # The doc's format ([[{"n","t"}]]) is not valid JSON; the pairs are
            # sent as [["number", "title"], ...] like public clients do.
            payload["to_title_array"] = [
                [number, title] for number, title in task.to_titles
            ]
    return payload
