"""The emulated gateway: its parts, wired together, and what spans them all.

The gateway is pure state: no sockets, no event loop. Everything that happens over
time (registration after a reset, sending queued SMS, batched reports and pushes)
is driven by :meth:`Gateway.tick`, which reads the injected clock;
:meth:`Gateway.next_deadline` says when the next tick is due. Pushes wait in the
:class:`~.outbox.Outbox` until the runtime hands them to the push sender.
"""

from __future__ import annotations

from dataclasses import asdict
import random
import time
from typing import TYPE_CHECKING, Any

from emulator.options import GatewayOptions

from .auth import Authentication
from .commands import Commands
from .faults import Fault, Reachability
from .inbox import Inbox, StoredSms
from .modem import Modem
from .modules import GsmModule, Modules, SimSlot
from .network import Network
from .outbox import Outbox
from .parameters import Parameters
from .profiles import PROFILES, build_hardware
from .radio import Radio
from .reception import Reception
from .reports import StatusReports
from .request_log import RequestLog
from .sending import SendTask, TaskQueue
from .sms_config import SmsPushConfig
from .statistics import Statistics
from .status import StatusRegistration, StatusReporting
from .wakeup import Wakeup, mutator

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["MAX_PORTS", "MAX_SLOTS", "Gateway"]

MAX_PORTS = 512
MAX_SLOTS = 32


class Gateway:
    """A stateful Ejoin multi-port GSM gateway (HTTP API v2.1.0 and v3).

    Its parts, one job each: :attr:`modules` (slots, SIMs, registration),
    :attr:`parameters`, :attr:`status` (status queries and pushes), :attr:`auth`
    (credentials, secure sessions), :attr:`tasks` (sending), :attr:`reports`
    (status reports), :attr:`network` (what reaches the SIMs), :attr:`inbox`,
    :attr:`reception` (receiving and its pushes), :attr:`statistics`,
    :attr:`commands`, :attr:`reachability` (offline, faults), :attr:`outbox` (the
    pushes made) and :attr:`requests` (the request log); for API v3 also
    :attr:`sms_config` (push URLs and batching), :attr:`modem` (USSD, AT) and
    :attr:`radio` (network types, serving cells).

    Args:
        ports: GSM modules (1-512).
        slots: SIM slots per module (1-32).
        seed: seed of the generated identities and starting state.
        profile: ``mixed`` or ``all_registered`` (see :data:`.profiles.PROFILES`).
        username: device account.
        password: device password.
        clock: the time source (seconds since the epoch); tests may inject one.
        options: any field of :class:`~emulator.options.GatewayOptions`.

    """

    def __init__(
        self,
        *,
        ports: int = 8,
        slots: int = 4,
        seed: int = 0,
        profile: str = "mixed",
        username: str = "root",
        password: str = "root",  # noqa: S107 -- the device's factory default
        clock: Callable[[], float] = time.time,
        **options: Any,
    ) -> None:
        """Create the gateway in its seeded starting state."""
        if not 1 <= ports <= MAX_PORTS:
            raise ValueError(f"ports must be 1-{MAX_PORTS}")
        if not 1 <= slots <= MAX_SLOTS:
            raise ValueError(f"slots must be 1-{MAX_SLOTS}")
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {sorted(PROFILES)}")
        self.seed = seed
        self.profile = profile
        self.clock = clock
        self.options = GatewayOptions()
        self.options.update(options)
        #: Raised after every change; the runtime listens to it.
        self.wakeup = Wakeup()
        self.boot_time = clock()
        self.reboots = 0
        hardware = build_hardware(
            random.Random(f"ejoin-{seed}"),  # noqa: S311 -- emulation
            ports=ports,
            slots=slots,
            profile=profile,
        )
        self.mac = hardware.mac
        rng = random.Random(f"ejoin-runtime-{seed}")  # noqa: S311 -- emulation
        self.reachability = Reachability(clock=clock, wakeup=self.wakeup)
        self.outbox = Outbox(
            offline=lambda: self.reachability.offline, clock=clock, wakeup=self.wakeup
        )
        self.requests = RequestLog(clock=clock)
        self.modules = Modules(
            hardware.modules,
            hardware.slots,
            slots_per_port=slots,
            options=self.options,
            clock=clock,
            wakeup=self.wakeup,
        )
        self.parameters = Parameters(self.modules, self.wakeup)
        self.status = StatusReporting(
            mac=self.mac,
            modules=self.modules,
            parameters=self.parameters,
            reachability=self.reachability,
            outbox=self.outbox,
            options=self.options,
            clock=clock,
            wakeup=self.wakeup,
        )
        self.modules.on_slot_changed = self.status.push_port_status
        self.inbox = Inbox(options=self.options, rng=rng)
        self.auth = Authentication(
            username=username,
            password=password,
            rng=rng,
            clock=clock,
            wakeup=self.wakeup,
        )
        self.reception = Reception(
            mac=self.mac,
            inbox=self.inbox,
            outbox=self.outbox,
            modules=self.modules,
            parameters=self.parameters,
            options=self.options,
            clock=clock,
            wakeup=self.wakeup,
        )
        self.network = Network(
            modules=self.modules, parameters=self.parameters, reception=self.reception
        )
        self.reports = StatusReports(
            outbox=self.outbox, options=self.options, clock=clock, wakeup=self.wakeup
        )
        self.tasks = TaskQueue(
            modules=self.modules,
            parameters=self.parameters,
            reports=self.reports,
            network=self.network,
            options=self.options,
            clock=clock,
            wakeup=self.wakeup,
        )
        self.statistics = Statistics(
            modules=self.modules, tasks=self.tasks, clock=clock
        )
        self.sms_config = SmsPushConfig(
            parameters=self.parameters, reception=self.reception, wakeup=self.wakeup
        )
        self.modem = Modem(
            modules=self.modules, parameters=self.parameters, tasks=self.tasks
        )
        self.radio = Radio(
            modules=self.modules,
            seed=seed,
            options=self.options,
            clock=clock,
            wakeup=self.wakeup,
        )
        self.commands = Commands(
            modules=self.modules,
            parameters=self.parameters,
            reboot=lambda: self.reboot(downtime=self.options.reboot_downtime),
            options=self.options,
            wakeup=self.wakeup,
        )

    # ------------------------------------------------------ the whole device

    @mutator
    def configure(self, /, **changes: Any) -> GatewayOptions:
        """Change options (see :class:`~emulator.options.GatewayOptions`)."""
        self.options.update(changes)
        return self.options

    @mutator
    def submit_sms(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Handle ``goip_post_sms.html`` (section 6.3.2): accept or refuse each task.

        ``sms_url`` changes the ``Sms_url`` push target (RAM) and ``sms_cnt``/
        ``sms_prd`` the batching of ``recv-sms`` pushes.
        """
        if isinstance(message.get("tasks"), list):
            self.reception.set_forwarding(message)
        return self.tasks.submit(message)

    @mutator
    def reboot(self, downtime: float = 0.0) -> None:
        """Reboot the device.

        New ``ssrc``; inbox ids restart at 1 (the newest ``reboot_keep_inbox``
        messages are kept, renumbered); unsaved parameters revert; queued tasks,
        known task ids and secure sessions are lost; all modules register again.
        The ``dev-status`` push registration is kept like saved configuration.
        With ``downtime`` the device is unreachable (connections closed) meanwhile.
        """
        self.reboots += 1
        self.boot_time = self.clock()
        self.inbox.reboot()
        self.parameters.reboot()
        self.reception.reboot()
        self.tasks.reboot()
        self.reports.reboot()
        self.auth.reboot()
        self.status.reboot()
        self.radio.reboot()
        if downtime > 0:
            self.reachability.set_offline(seconds=downtime, mode="refuse")
        self.modules.reboot(delay=downtime + self.options.register_delay)

    def tick(self) -> None:
        """Advance everything that is due at ``clock()``.

        Not a mutator: the runtime calls it from its own loop.
        """
        now = self.clock()
        self.reachability.tick(now)
        self.modules.tick(now)
        self.network.tick(now)
        self.tasks.tick(now)
        self.reports.tick(now)
        self.reception.tick(now)
        self.status.tick(now)

    def next_deadline(self) -> float | None:
        """Return when :meth:`tick` next has something to do (``None``: idle)."""
        now = self.clock()
        times = [
            *self.reachability.deadlines(),
            *self.modules.deadlines(),
            *self.tasks.deadlines(),
            *self.network.deadlines(now),
            *self.reports.deadlines(now),
            *self.reception.deadlines(),
            *self.status.deadlines(),
        ]
        return min(times) if times else None

    def clear_log(self) -> None:
        """Forget the push log and the request log."""
        self.outbox.log.clear()
        self.requests.clear()

    def snapshot(self) -> dict[str, Any]:
        """Return the whole state as JSON-able data (``GET /_emulator/state``)."""
        fault = self.reachability.fault
        return {
            "device": {
                "mac": self.mac,
                "ssrc": self.inbox.ssrc,
                "max_ports": self.modules.max_ports,
                "max_slots": self.modules.max_slots,
                "seed": self.seed,
                "profile": self.profile,
                "reboots": self.reboots,
                "offline": self.reachability.offline_mode,
                "fault": None if fault is None else fault.mode,
                "faults": {f.endpoint or "*": f.mode for f in self.reachability.faults},
            },
            "options": asdict(self.options),
            **self.status.snapshot(),
            **self.parameters.snapshot(),
            "tasks": self.tasks.snapshot(),
            **self.inbox.snapshot(),
            "pushes": [push.summary() for push in self.outbox.log],
            "request_counts": dict(self.requests.counts),
            "sessions": self.auth.session_count,
            "radio": self.radio.snapshot(),
            **self.modem.snapshot(),
        }

    # ----------------------------------- the lookups tests use, one per part

    @property
    def ssrc(self) -> str:
        """The inbox's synchronisation source (new at every boot)."""
        return self.inbox.ssrc

    @ssrc.setter
    def ssrc(self, value: str) -> None:
        self.inbox.ssrc = value

    @property
    def max_ports(self) -> int:
        """Ports the device says it has (a test may shrink it)."""
        return self.modules.max_ports

    @max_ports.setter
    def max_ports(self, value: int) -> None:
        self.modules.max_ports = value

    @property
    def max_slots(self) -> int:
        """Slots per port."""
        return self.modules.max_slots

    @property
    def username(self) -> str:
        """The device account."""
        return self.auth.username

    @property
    def password(self) -> str:
        """The device password (a test may change it)."""
        return self.auth.password

    @password.setter
    def password(self, value: str) -> None:
        self.auth.password = value

    @property
    def request_counts(self) -> Counter[str]:
        """Requests per device endpoint (``goip_get_status.html`` ...)."""
        return self.requests.counts

    @property
    def fault(self) -> Fault | None:
        """The fault of every endpoint, if any."""
        return self.reachability.fault

    @property
    def offline_mode(self) -> str | None:
        """``refuse`` or ``hang`` while offline."""
        return self.reachability.offline_mode

    @property
    def status_registration(self) -> StatusRegistration | None:
        """The registered ``dev-status`` push target, if any."""
        return self.status.registration

    def slot_state(self, port: int, slot: int) -> SimSlot:
        """Return one slot; ``KeyError`` if out of range."""
        return self.modules.slot(port, slot)

    def port_state(self, port: int) -> GsmModule:
        """Return one module; ``KeyError`` if out of range."""
        return self.modules.module(port)

    def slot_st(self, state: SimSlot) -> int:
        """Return the status code the device reports for a slot."""
        return self.modules.st(state)

    def usable(self, state: SimSlot) -> bool:
        """Whether the slot is active, unlocked and registered (can send)."""
        return self.modules.usable(state)

    def slot_sn(self, state: SimSlot) -> str:
        """Return the SIM number the device reports for a slot."""
        return self.parameters.reported_number(state)

    def slot_imei(self, state: SimSlot) -> str:
        """Return the IMEI the device reports for a slot."""
        return self.parameters.reported_imei(state)

    def param(self, name: str) -> str | None:
        """Return a RAM parameter (case-insensitive), ``None`` if unset."""
        return self.parameters.get(name)

    def saved_param(self, name: str) -> str | None:
        """Return a saved parameter (case-insensitive), ``None`` if unset."""
        return self.parameters.saved(name)

    def set_params(self, pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
        """Set parameters as ``op=set`` does."""
        return self.parameters.set_many(pairs)

    def get_params(self, names: Iterable[str]) -> dict[str, Any]:
        """Read parameters as ``op=get`` does."""
        return self.parameters.get_many(names)

    def get_status(
        self,
        *,
        url: str | None = None,
        period: float | None = None,
        all_sims: bool = False,
        all_slots: bool = False,
    ) -> dict[str, Any] | str:
        """Query (and register) the status as ``goip_get_status.html`` does."""
        return self.status.get_status(
            url=url, period=period, all_sims=all_sims, all_slots=all_slots
        )

    def task(self, tid: int) -> SendTask | None:
        """Return a task known since boot."""
        return self.tasks.task(tid)

    def inbox_row(self, message: StoredSms) -> list[Any]:
        """Return the array form of a stored SMS."""
        return self.inbox.row(message)

    def flush_reports(self) -> None:
        """Push every pending status report now."""
        self.reports.flush()
