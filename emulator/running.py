"""Running the emulator on a real loopback socket, for tests and the command line."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .device import Gateway
from .server import RUNTIME_KEY, create_app

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterable, Mapping

    from .device.inbox import StoredSms
    from .device.modules import SimSlot
    from .device.outbox import OutgoingPush
    from .device.request_log import LoggedRequest
    from .mms import MmsFile
    from .options import GatewayOptions
    from .runtime import Runtime

__all__ = ["RunningEmulator", "running_emulator"]


@dataclass(slots=True)
class RunningEmulator:
    """A started emulator: where it listens, its live state and test helpers.

    Every control helper is a thin wrapper of a method of one of the gateway's
    parts (and of the same ``/_emulator/`` endpoint).
    """

    host: str
    port: int
    username: str
    password: str
    gateway: Gateway
    app: web.Application

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the device."""
        return f"http://{self.host}:{self.port}"

    @property
    def runtime(self) -> Runtime:
        """The clock task and push sender of this emulator."""
        return self.app[RUNTIME_KEY]

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` (e.g. ``/goip_get_status.html``)."""
        return self.base_url + "/" + path.lstrip("/")

    # Control helpers ------------------------------------------------------

    def inject_sms(
        self,
        slot: str | tuple[int, int],
        sender: str,
        text: str,
        *,
        recipient: str | None = None,
        delivery_report: bool = False,
        timestamp: float | None = None,
    ) -> StoredSms:
        """Deliver an SMS (or delivery report) to a slot now (``POST sms``).

        ``timestamp`` is the gateway's time of the message (default: its clock).
        """
        return self.gateway.reception.inject_sms(
            slot,
            sender,
            text,
            recipient=recipient,
            delivery_report=delivery_report,
            timestamp=timestamp,
        )

    def inject_sms_many(self, messages: Iterable[Mapping[str, Any]]) -> list[StoredSms]:
        """Deliver many SMS at once (``POST sms`` with ``messages``).

        Each item has the keys of :meth:`inject_sms` (``slot``, ``sender``,
        ``text``, ``recipient``, ``delivery_report``, ``timestamp``); each is stored
        and pushed as the gateway does (``recv-sms`` batched by ``sms_cnt``).
        """
        return self.gateway.reception.inject_sms_many(messages)

    def inject_mms(
        self,
        *,
        sender: str,
        recipient: str | None = None,
        subject: str = "",
        text: str = "",
        attachments: Iterable[MmsFile] = (),
        slot: str | tuple[int, int] | None = None,
    ) -> OutgoingPush:
        """Receive an MMS and push it to ``mms_url`` (``POST mms``)."""
        return self.gateway.reception.inject_mms(
            sender=sender,
            recipient=recipient,
            subject=subject,
            text=text,
            attachments=attachments,
            slot=slot,
        )

    def set_slot(self, slot: str | tuple[int, int], **changes: Any) -> SimSlot:
        """Change a slot's state and push ``port-status`` (``POST port``)."""
        return self.gateway.modules.set_slot(slot, **changes)

    def reboot(self, downtime: float = 0.0) -> None:
        """Reboot the device (``POST reboot``)."""
        self.gateway.reboot(downtime=downtime)

    def go_offline(self, seconds: float | None = None, mode: str = "refuse") -> None:
        """Stop answering device requests (``POST offline``)."""
        self.gateway.reachability.set_offline(seconds=seconds, mode=mode)

    def go_online(self) -> None:
        """Answer device requests again (``POST online``)."""
        self.gateway.reachability.set_online()

    def set_fault(
        self,
        mode: str,
        *,
        delay: float = 1.0,
        count: int | None = None,
        path: str | None = None,
    ) -> None:
        """Break the device endpoints, or repair them with ``none`` (``POST fault``).

        Modes: ``http500``, ``garbage``, ``slow``, ``truncated``, ``html``,
        ``drop``, ``reboot`` (see :meth:`.Reachability.set_fault`); ``path``
        (``goip_get_sms.html``) breaks that endpoint only.
        """
        self.gateway.reachability.set_fault(mode, delay=delay, count=count, path=path)

    def configure(self, **options: Any) -> GatewayOptions:
        """Change gateway options (``POST config``)."""
        return self.gateway.configure(**options)

    def push_status(self) -> OutgoingPush | None:
        """Push ``dev-status`` now to the registered URL (``POST push-status``)."""
        return self.gateway.status.push_status()

    def state(self) -> dict[str, Any]:
        """Return the full state dump (``GET state``)."""
        return self.gateway.snapshot()

    def pushes(self, kind: str | None = None) -> list[OutgoingPush]:
        """Pushes made so far, optionally only of one ``type``."""
        return [p for p in self.gateway.outbox.log if kind is None or p.kind == kind]

    def requests(self, path: str | None = None) -> list[LoggedRequest]:
        """Device requests so far (``GET requests``), optionally only to ``path``.

        ``path`` is ``goip_get_sms.html`` or ``/goip_get_sms.html``.
        """
        wanted = None if path is None else "/" + path.lstrip("/")
        return [r for r in self.gateway.requests.entries if wanted in {None, r.path}]

    async def settle(self) -> None:
        """Wait until every push made so far has been attempted."""
        await self.runtime.settle()

    async def wait_for(
        self, predicate: Callable[[], bool], within: float = 30.0
    ) -> None:
        """Wait until ``predicate()`` holds; ``TimeoutError`` after ``within`` s."""
        async with asyncio.timeout(within):
            # Polling: the state is changed by several tasks and by the tests.
            while not predicate():  # noqa: ASYNC110
                await asyncio.sleep(0.01)

    async def wait_for_push(
        self,
        kind: str,
        predicate: Callable[[OutgoingPush], bool] | None = None,
        within: float = 30.0,
    ) -> OutgoingPush:
        """Wait for a push of ``kind`` (matching ``predicate``) that was attempted."""
        found: list[OutgoingPush] = []

        def check() -> bool:
            for push in self.gateway.outbox.log:
                done = push.status is not None or push.error or push.dropped
                if (
                    push.kind == kind
                    and done
                    and (predicate is None or predicate(push))
                ):
                    found.append(push)
                    return True
            return False

        await self.wait_for(check, within)
        return found[0]


@asynccontextmanager
async def running_emulator(
    *,
    ports: int = 8,
    slots: int = 4,
    username: str = "root",
    password: str = "root",  # noqa: S107 -- the device's factory default
    auth_error: str = "http",
    host: str = "127.0.0.1",
    port: int = 0,
    seed: int = 0,
    profile: str = "mixed",
    gateway: Gateway | None = None,
    **options: Any,
) -> AsyncIterator[RunningEmulator]:
    """Run an emulated gateway on ``host:port`` (port 0: any free port).

    Extra keyword arguments are :class:`GatewayOptions`. Pass ``gateway`` to serve
    an existing :class:`Gateway` instead. Everything started here (server, clock
    task, push session) is stopped on exit.
    """
    if gateway is None:
        options.setdefault("ip", host)
        gateway = Gateway(
            ports=ports,
            slots=slots,
            seed=seed,
            profile=profile,
            username=username,
            password=password,
            auth_error=auth_error,
            **options,
        )
    app = create_app(gateway)
    runner = web.AppRunner(
        app, handle_signals=False, shutdown_timeout=1.0, access_log=None
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1]
        yield RunningEmulator(
            host=host,
            port=int(bound),
            username=gateway.username,
            password=gateway.password,
            gateway=gateway,
            app=app,
        )
    finally:
        await runner.cleanup()
