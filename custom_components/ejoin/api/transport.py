"""What a transport of one API generation does, and the HTTP every one shares.

:class:`Transport` names every operation the client offers; each API generation
(:mod:`.v2`, :mod:`.v3`) implements what its endpoints can do and builds the same
models from its replies. An operation a generation lacks raises
:class:`EjoinUnsupportedError`, so :class:`~.client.EjoinClient` can try the
gateway's other generation. :class:`HttpChannel` sends one request and maps
transport failures to the client's exceptions.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from typing import TYPE_CHECKING, Final
from urllib.parse import quote

import aiohttp
from yarl import URL

from .exceptions import (
    EjoinAuthenticationError,
    EjoinConnectionError,
    EjoinResponseError,
    EjoinTimeoutError,
    EjoinUnsupportedError,
)
from .models import Feature

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from .models import (
        ApiVersion,
        AtReply,
        CallStatistics,
        CommandOp,
        DeviceStatus,
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
    from .notation import PortSelection, SlotAddress

__all__ = ["HttpChannel", "Pairs", "Transport"]

_LOGGER = logging.getLogger(__name__)

type Pairs = Sequence[tuple[str, str | None]]

JSON_CONTENT_TYPE: Final = "application/json;charset=utf-8"
TEXT_CONTENT_TYPE: Final = "text/plain;charset=utf-8"
#: Largest reply read from the gateway (the full status of 512 x 32 is ~5 MB).
MAX_REPLY_BYTES = 32 * 1024 * 1024
#: A reply bigger than this is put together and decoded in a worker thread: the
#: two copies of a 512 x 32 gateway's 5 MB status take milliseconds each.
DECODE_IN_THREAD = 256 * 1024


class HttpChannel:
    """The HTTP connection to one gateway: address, credentials, session.

    The ``aiohttp.ClientSession`` is injected and never closed here. A request
    carries exactly the pairs given (a transport adds the credentials). aiohttp
    sends an idempotent request (GET) once more after a connection closed
    unanswered: whatever changes state goes as POST.
    """

    def __init__(
        self,
        host: str,
        *,
        session: aiohttp.ClientSession,
        port: int,
        username: str,
        password: str,
        request_timeout: float,
    ) -> None:
        """Hold the gateway's address; a host that is not one raises ValueError."""
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.session = session
        self.request_timeout = request_timeout
        self.base_url = URL.build(scheme="http", host=host, port=port)

    def credentials(self) -> list[tuple[str, str | None]]:
        """Return the query pairs that authenticate with username and password."""
        return [("username", self.username), ("password", self.password)]

    async def request(
        self,
        method: str,
        path: str,
        pairs: Pairs,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        time_limit: float | None = None,
    ) -> tuple[int, str]:
        """Send one request; return its status and body text.

        Raises :class:`EjoinConnectionError`/:class:`EjoinTimeoutError` when the
        gateway cannot be reached, :class:`EjoinAuthenticationError` for HTTP
        401/403, :class:`EjoinUnsupportedError` for 404 (no such endpoint) and
        :class:`EjoinResponseError` for any other status outside 2xx. A request
        without ``content_type`` carries none (minimal gateway servers reject a
        GET with a JSON one, field notes). ``time_limit`` replaces the request
        timeout for a request the gateway answers late on purpose (USSD).
        """
        url = URL(f"{self.base_url}{path}?{encode_query(pairs)}", encoded=True)
        headers: dict[str, str] = {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        limit = self.request_timeout if time_limit is None else time_limit
        _LOGGER.debug("%s %s%s", method, self.base_url, path)
        try:
            async with asyncio.timeout(limit):
                async with self.session.request(
                    method,
                    url,
                    headers=headers,
                    data=body,
                    allow_redirects=False,
                    skip_auto_headers=() if content_type else ("Content-Type",),
                ) as response:
                    chunks, size = await _read_capped(response)
                    status = response.status
        except TimeoutError:
            raise EjoinTimeoutError(
                f"Timeout after {limit} s talking to {self.host}:{self.port}"
            ) from None
        except (aiohttp.ClientError, socket.gaierror, OSError) as err:
            raise EjoinConnectionError(
                f"Error talking to {self.host}:{self.port}: "
                f"{type(err).__name__}: {self.redact(str(err))}"
            ) from None
        _LOGGER.debug("%s %s answered HTTP %s", method, path, status)
        if status in (401, 403):
            raise EjoinAuthenticationError(
                f"Gateway rejected the credentials (HTTP {status})"
            )
        if status == 404:
            raise EjoinUnsupportedError(path, f"Gateway has no {path} (HTTP 404)")
        if not 200 <= status < 300:
            raise EjoinResponseError(f"Gateway answered HTTP {status} for {path}")
        if size > DECODE_IN_THREAD:
            return status, await asyncio.to_thread(_decode, chunks)
        return status, _decode(chunks)

    def redact(self, text: str) -> str:
        """Remove query strings and the password from an error text."""
        text = re.sub(r"\?\S*", "?<redacted>", text)
        for secret in (self.password, quote(self.password, safe="")):
            if secret:
                text = text.replace(secret, "<redacted>")
        return text


def encode_query(pairs: Iterable[tuple[str, str | None]]) -> str:
    """Encode query pairs; a None value gives a bare key (``op=get&sms_url``).

    Keys keep their parentheses (``sim_imei(3)``) as the doc writes them.
    """
    parts: list[str] = []
    for key, value in pairs:
        name = quote(key, safe="()")
        parts.append(name if value is None else f"{name}={quote(value, safe='')}")
    return "&".join(parts)


def strip_reply(text: str) -> str:
    """Strip blanks, a BOM and NUL padding around a reply."""
    return text.strip().lstrip("\ufeff").strip("\x00").strip()


class Transport:
    """The operations of the client, as one API generation performs them.

    Operations a generation lacks keep the implementation here, which raises
    :class:`EjoinUnsupportedError`; :attr:`features` lists the optional ones it
    has. Arguments are checked by the transports (ValueError before sending).
    """

    api: ApiVersion
    features: frozenset[Feature] = frozenset()

    def __init__(self, channel: HttpChannel) -> None:
        """Talk to the gateway through ``channel``."""
        self.channel = channel

    def _unsupported(self, what: str) -> EjoinUnsupportedError:
        return EjoinUnsupportedError(
            what, f"API {self.api} of the gateway lacks {what}"
        )

    @property
    def secure_session_active(self) -> bool:
        """Return True when requests authenticate through a secure session."""
        return False

    # ------------------------------------------------------------- status

    async def get_status(
        self, *, all_slots: bool = True, all_sims: bool = False
    ) -> DeviceStatus:
        """Return the gateway's status."""
        raise self._unsupported("status")

    async def register_status_push(
        self, url: str, period: int = 60, *, all_slots: bool = True
    ) -> DeviceStatus | None:
        """Make the gateway push its status to ``url`` every ``period`` seconds."""
        raise self._unsupported("status push")

    async def cancel_status_push(self) -> None:
        """Stop the gateway's periodic status push."""
        raise self._unsupported("status push")

    async def get_sms_url(self) -> str | None:
        """Return where the gateway pushes received SMS, None when unset."""
        raise self._unsupported("SMS push")

    async def set_sms_url(self, url: str, *, save: bool = False) -> None:
        """Set where the gateway pushes received SMS (and, in v3, send reports)."""
        raise self._unsupported("SMS push")

    # ----------------------------------------------------------- commands

    async def lock(self, selection: PortSelection) -> None:
        """Lock ports or slots; a bare port locks all its slots."""
        raise self._unsupported("lock")

    async def unlock(self, selection: PortSelection) -> None:
        """Unlock ports or slots; a bare port unlocks all its slots."""
        raise self._unsupported("unlock")

    async def switch(self, address: SlotAddress) -> None:
        """Make ``address`` the active SIM of its port."""
        raise self._unsupported("switch")

    async def reset(self, ports: PortSelection) -> None:
        """Restart the GSM modules of ``ports``."""
        raise self._unsupported("reset")

    async def save(self) -> None:
        """Save the running configuration."""
        raise self._unsupported("save")

    async def reboot(self) -> None:
        """Reboot the gateway."""
        raise self._unsupported("reboot")

    async def run_commands(
        self, commands: Sequence[tuple[CommandOp, PortSelection | SlotAddress]]
    ) -> None:
        """Run several lock/unlock/switch/reset commands."""
        raise self._unsupported("commands")

    async def set_leds(self, selection: PortSelection, *, on: bool) -> None:
        """Turn the LEDs of ports or slots on or off."""
        raise self._unsupported(Feature.LEDS)

    # --------------------------------------------------------- parameters

    async def get_parameters(self, *names: str) -> dict[str, str]:
        """Read named configuration parameters."""
        raise self._unsupported(Feature.PARAMETERS)

    async def set_parameters(
        self, values: Mapping[str, str | int], *, save: bool = False
    ) -> int:
        """Set named configuration parameters; return how many were set."""
        raise self._unsupported(Feature.PARAMETERS)

    async def set_sim_imei(
        self,
        address: SlotAddress,
        imei: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the IMEI the gateway reports for one slot."""
        raise self._unsupported("IMEI")

    async def set_sim_number(
        self,
        address: SlotAddress,
        number: str,
        slots_per_port: int,
        *,
        save: bool = False,
    ) -> None:
        """Set the phone number recorded for one slot."""
        raise self._unsupported("SIM number")

    # ------------------------------------------------------------ sending

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
        """Submit checked SMS/MMS tasks; return each task's result."""
        raise self._unsupported("sending")

    async def pause_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Pause queued tasks (all when ``tids`` is None)."""
        raise self._unsupported("task control")

    async def resume_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Resume paused tasks (all when ``tids`` is None)."""
        raise self._unsupported("task control")

    async def remove_tasks(self, tids: Iterable[int] | None) -> tuple[TaskResult, ...]:
        """Delete queued tasks (all when ``tids`` is None)."""
        raise self._unsupported("task control")

    async def get_tasks(
        self, port: int, position: int, count: int, *, include_content: bool
    ) -> TaskQuery:
        """Return a page of ``port``'s send queue."""
        raise self._unsupported("task query")

    # ---------------------------------------------------------- receiving

    async def get_sms(self, start_id: int, count: int) -> InboxPage:
        """Return received SMS from id ``start_id``, deleting none."""
        raise self._unsupported("inbox")

    async def delete_sms(self, start_id: int, count: int) -> InboxPage:
        """Delete ``count`` messages from id ``start_id``; return what was deleted."""
        raise self._unsupported(Feature.INBOX_DELETE)

    # --------------------------------------------------------- statistics

    async def get_sms_statistics(
        self,
        ports: PortSelection,
        slots: str | None,
        period: StatPeriod,
    ) -> tuple[SmsStatistics, ...]:
        """Return SMS counters per slot."""
        raise self._unsupported("SMS statistics")

    async def get_call_statistics(
        self,
        ports: PortSelection,
        slots: str | None,
        period: StatPeriod,
    ) -> tuple[CallStatistics, ...]:
        """Return call counters per slot."""
        raise self._unsupported("call statistics")

    # ------------------------------------------------------ secure session

    async def start_secure_session(self, expires: int = 180) -> None:
        """Authenticate later requests through a secure session."""
        raise self._unsupported(Feature.SECURE_SESSION)

    def end_secure_session(self) -> None:
        """Go back to username/password authentication (nothing to end here)."""

    # --------------------------------------------------- modem and radio

    async def send_ussd(
        self, ports: Sequence[int], code: str, *, wait_seconds: int
    ) -> tuple[UssdReply, ...]:
        """Send a USSD request from ``ports``; return the network's replies."""
        raise self._unsupported(Feature.USSD)

    async def send_at(self, port: int, command: str, *, wait_seconds: int) -> AtReply:
        """Send one AT command to the module of ``port``; return its answer."""
        raise self._unsupported(Feature.AT_COMMANDS)

    async def get_network_types(
        self, ports: Sequence[int]
    ) -> dict[int, NetworkType | None]:
        """Return the network type each of ``ports`` is set to."""
        raise self._unsupported(Feature.NETWORK_TYPE)

    async def set_network_type(
        self, ports: Sequence[int], network_type: NetworkType
    ) -> None:
        """Set the network type of ``ports``."""
        raise self._unsupported(Feature.NETWORK_TYPE)

    async def scan_serving_cells(self, ports: Sequence[int]) -> None:
        """Start a scan of the serving cells of ``ports``."""
        raise self._unsupported(Feature.SERVING_CELLS)

    async def get_serving_cells(self, ports: Sequence[int]) -> tuple[ServingCell, ...]:
        """Return the latest serving-cell scan of ``ports``."""
        raise self._unsupported(Feature.SERVING_CELLS)


async def _read_capped(response: aiohttp.ClientResponse) -> tuple[list[bytes], int]:
    """Read a reply's pieces and size, refusing more than :data:`MAX_REPLY_BYTES`.

    The biggest real reply, the full status of a 512 x 32 gateway, is about
    5 MB; a reply without end (a broken or hostile server) must not fill memory.
    """
    if (response.content_length or 0) > MAX_REPLY_BYTES:
        raise EjoinResponseError(
            f"Reply of {response.content_length} bytes is over the limit of"
            f" {MAX_REPLY_BYTES}"
        )
    chunks: list[bytes] = []
    size = 0
    # The pieces as aiohttp received them (iter_chunked would copy them once
    # more, on the event loop); they are joined by _decode.
    async for chunk, _end_of_http_chunk in response.content.iter_chunks():
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise EjoinResponseError(
                f"Reply is over the limit of {MAX_REPLY_BYTES} bytes"
            )
        chunks.append(chunk)
    return chunks, size


def _decode(chunks: list[bytes]) -> str:
    """Return the text of a reply's pieces."""
    return b"".join(chunks).decode("utf-8", "replace")
