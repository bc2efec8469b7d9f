"""The core of the emulated gateway: identity, slots, auth, status, commands.

The gateway is a pure state machine: no sockets, no event loop. Everything that
happens over time (registration after a reset, sending queued SMS, batched reports
and pushes) is driven by ``Gateway.tick``, which reads the injected clock;
``Gateway.next_deadline`` says when the next tick is due. Pushes the device would
POST are appended to an outbox that the runtime drains (:meth:`drain_outbox`).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
import functools
import json
import logging
import random
import re
import secrets
import time
from typing import Any, Concatenate

from .codes import REGISTERED, port_status_text, task_status
from .models import (
    CallCounters,
    Delivery,
    Fault,
    GatewayOptions,
    InboxMessage,
    PortState,
    Push,
    SendTask,
    Session,
    SlotState,
    StatusRegistration,
)
from .notation import (
    NotationError,
    PortRef,
    expand_slots,
    format_slot,
    parse_ports,
    slot_index,
)
from .seed import make_imei, make_mac, make_sim
from .values import as_float, md5_hex

__all__ = ["MAX_PORTS", "MAX_SLOTS", "PROFILES", "GatewayCore", "mutator"]

_LOGGER = logging.getLogger(__name__)

#: Seeded starting states: ``mixed`` (empty slots, failed and locked SIMs, ...) and
#: ``all_registered`` (every slot holds a registered SIM; for simple tests).
PROFILES = frozenset({"mixed", "all_registered"})

MAX_PORTS = 512
MAX_SLOTS = 32
#: Pushes kept in :attr:`GatewayCore.pushes`.
PUSH_LOG_SIZE = 1000
SESSION_RESOURCE = "/crypt_sess.json"
#: Fault modes of :meth:`Gateway.set_fault`.
FAULT_MODES = ("http500", "garbage", "slow", "truncated", "html", "drop", "reboot")

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*(\(\d+\))?$")
_INDEXED = re.compile(r"^(sim_imei|sim_number)\((\d+)\)$", re.IGNORECASE)
_PORT_COMMANDS = frozenset({"lock", "unlock", "switch", "reset", "ledon", "ledoff"})
_DEVICE_COMMANDS = frozenset({"save", "reboot"})


def mutator[G: GatewayCore, **P, R](
    method: Callable[Concatenate[G, P], R],
) -> Callable[Concatenate[G, P], R]:
    """Wake the runtime after a method that may change deadlines or the outbox."""

    @functools.wraps(method)
    def wrapper(self: G, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        finally:
            self.notify()

    return wrapper


class GatewayCore:
    """The device core: identity, slots, authentication, status and commands.

    The gateway is built in layers, one module each: this core, SMS sending
    (:mod:`.sending`), receiving and statistics (:mod:`.receiving`), and the
    clock and test controls (:mod:`.state`, the :class:`~.state.Gateway`).

    Args:
        ports: GSM modules (1-512).
        slots: SIM slots per module (1-32).
        seed: seed of the generated identities and starting state.
        profile: ``mixed`` or ``all_registered`` (see :data:`PROFILES`).
        username: device account.
        password: device password.
        clock: the time source (seconds since the epoch); tests may inject one.
        options: any field of :class:`GatewayOptions`.

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
        self.max_ports = ports
        self.max_slots = slots
        self.seed = seed
        self.profile = profile
        self.username = username
        self.password = password
        self.clock = clock
        self.options = GatewayOptions().updated(options)
        #: Called after every change; the runtime sets it to wake its loop.
        self.on_change: Callable[[], None] | None = None

        self._rng = random.Random(f"ejoin-runtime-{seed}")  # noqa: S311 -- emulation
        self.mac = ""
        self._ports: dict[int, PortState] = {}
        self._slots: dict[tuple[int, int], SlotState] = {}
        self._build(random.Random(f"ejoin-{seed}"))  # noqa: S311 -- emulation

        self.ssrc = self._new_ssrc()
        self.boot_time = self.clock()
        self._params: dict[str, str] = {}
        self._saved_params: dict[str, str] = {}
        self._param_names: dict[str, str] = {}
        self._status: StatusRegistration | None = None
        self._dev_seq = 0
        self._inbox: list[InboxMessage] = []
        self._next_sms_id = 1
        self._sms_buffer: list[list[Any]] = []
        self._sms_buffer_since: float | None = None
        self._sms_cnt = 1
        self._sms_prd = 30.0
        self._tasks: dict[int, SendTask] = {}
        #: Tasks with results not yet reported.
        self._reporting: dict[int, SendTask] = {}
        self._task_order = 0
        self._rr_cursor = 0
        self._deliveries: list[Delivery] = []
        self._sessions: dict[str, Session] = {}
        self._outbox: deque[Push] = deque()
        self._mms_serial = 0
        #: Every push made (newest last, at most :data:`PUSH_LOG_SIZE`).
        self.pushes: deque[Push] = deque(maxlen=PUSH_LOG_SIZE)
        #: Requests per device endpoint (``goip_get_status.html`` ...).
        self.request_counts: Counter[str] = Counter()
        self.offline_mode: str | None = None
        self.offline_until: float | None = None
        self.fault: Fault | None = None
        self.reboots = 0

    # ------------------------------------------------------------------ setup

    def _build(self, rng: random.Random) -> None:
        """Generate MAC, modules and SIMs from the seed."""
        self.mac = make_mac(rng)
        mixed = self.profile == "mixed"
        for port in range(1, self.max_ports + 1):
            module_imei = make_imei(rng)
            for slot in range(1, self.max_slots + 1):
                state = SlotState(
                    port=port,
                    slot=slot,
                    sim=make_sim(rng, port, slot),
                    inserted=True,
                    sig=rng.randint(14, 31),
                    balance=round(rng.uniform(1, 50), 2),
                )
                state.tot_used = rng.randint(0, 600)
                state.mon_used = min(state.tot_used, rng.randint(0, 120))
                state.day_used = min(state.mon_used, rng.randint(0, 15))
                calls = rng.randint(0, 120)
                connected = int(calls * rng.uniform(0.3, 0.8))
                state.calls = CallCounters(
                    calls=calls,
                    connected=connected,
                    alerted=min(calls, connected + rng.randint(0, 10)),
                    pdd=rng.randint(2, 9),
                    acd=rng.randint(20, 240),
                )
                if mixed:
                    self._mix(rng, state)
                self._slots[port, slot] = state
            inserted = [
                s for s in range(1, self.max_slots + 1) if self._slots[port, s].inserted
            ]
            active = rng.choice(inserted) if mixed and inserted else 1
            self._ports[port] = PortState(
                port=port, active_slot=active, module_imei=module_imei
            )
        if mixed:
            self._guarantee_usable_ports()

    def _mix(self, rng: random.Random, state: SlotState) -> None:
        """Give a slot of the ``mixed`` profile its varied state."""
        state.inserted = rng.random() >= 0.25
        roll = rng.random()
        for limit, st in ((0.72, 3), (0.80, 6), (0.86, 5), (0.90, 8), (0.95, 9)):
            if roll < limit:
                state.network_st = st
                break
        else:
            state.network_st = 15
        state.locked = rng.random() < 0.06
        state.number_known = rng.random() >= 0.15
        if rng.random() < 0.15:
            state.balance = 0.0
        if rng.random() < 0.3:
            state.tot_limit = rng.choice((300, 1000, 3000))
            state.mon_limit = rng.choice((-1, 100, 500))
            state.day_limit = rng.choice((-1, 30, 60))
        if state.port == self.max_ports and self.max_ports >= 4:
            state.inserted = False  # the last port carries no SIM at all

    def _guarantee_usable_ports(self) -> None:
        """Make ports 1 and 2 send-ready so simple flows work on any seed."""
        for port in (1, 2):
            if port > self.max_ports:
                continue
            active = self._ports[port].active_slot
            state = self._slots[port, active]
            state.inserted = True
            state.network_st = REGISTERED
            state.locked = False
            state.number_known = True
            state.balance = max(state.balance, 5.0)

    def _new_ssrc(self) -> str:
        # A real gateway names each numbering of its inbox anew, also after a power
        # cycle: a restarted emulator process must not repeat its last ssrc, so
        # fresh entropy is mixed in (the seeded draw keeps the other values stable).
        return f"{self._rng.getrandbits(64) ^ secrets.randbits(64):016x}"

    # ------------------------------------------------------------ primitives

    def notify(self) -> None:
        """Tell the runtime that state changed (deadlines or outbox may differ)."""
        if self.on_change is not None:
            self.on_change()

    def slot_state(self, port: int, slot: int) -> SlotState:
        """Return the state of one slot; ``KeyError`` if out of range."""
        return self._slots[port, slot]

    def port_state(self, port: int) -> PortState:
        """Return the state of one port (module); ``KeyError`` if out of range."""
        return self._ports[port]

    def resolve_slot(self, spec: str | tuple[int, int]) -> SlotState:
        """Return the slot named by ``"1.02"``, ``"1B"`` or ``(1, 2)``.

        A bare port (``"1"``) names its active slot.
        """
        if isinstance(spec, tuple):
            return self._slots[spec]
        refs = parse_ports(str(spec), self.max_ports, self.max_slots)
        if len(refs) != 1:
            raise NotationError(f"{spec!r} names more than one slot")
        ref = refs[0]
        slot = ref.slot or self._ports[ref.port].active_slot
        return self._slots[ref.port, slot]

    def slot_st(self, state: SlotState) -> int:
        """Return the status code the device reports for a slot."""
        if state.locked:
            return 12
        if not state.inserted:
            return 0
        port = self._ports[state.port]
        if port.active_slot != state.slot:
            return 1
        if port.registering_until is not None:
            return 2
        return state.network_st

    def _index(self, state: SlotState) -> int:
        return slot_index(state.port, state.slot, self.max_slots)

    def slot_imei(self, state: SlotState) -> str:
        """Return the reported IMEI: ``sim_imei(n)`` if set, else the module's."""
        override = self._params.get(f"sim_imei({self._index(state)})")
        return override or self._ports[state.port].module_imei

    def slot_sn(self, state: SlotState) -> str:
        """Return the reported SIM number: ``sim_number(n)`` if set, else known one."""
        override = self._params.get(f"sim_number({self._index(state)})")
        if override is not None:
            return override
        return state.sim.msisdn if state.inserted and state.number_known else ""

    def slot_label(self, state: SlotState, style: str | None = None) -> str:
        """Return the slot's address in the given (or the status) port notation."""
        return format_slot(
            state.port, state.slot, style or self.options.status_port_style
        )

    def usable(self, state: SlotState) -> bool:
        """Whether the slot is active, unlocked and registered (can send)."""
        return self.slot_st(state) == REGISTERED

    def _emit(
        self,
        kind: str,
        url: str,
        payload: Any = None,
        *,
        body: bytes | None = None,
        content_type: str = "application/json;charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> Push:
        """Queue one push (or record why it cannot be sent)."""
        if body is None:
            body = json.dumps(payload, ensure_ascii=False).encode()
        push = Push(
            kind=kind,
            url=url,
            body=body,
            content_type=content_type,
            created=self.clock(),
            headers=headers or {},
            payload=payload,
        )
        if not url:
            push.dropped = "no url"
        elif self.offline_mode is not None:
            push.dropped = "offline"
        else:
            self._outbox.append(push)
        self.pushes.append(push)
        self.notify()
        return push

    @property
    def has_outbox(self) -> bool:
        """Whether pushes wait to be handed to the dispatcher."""
        return bool(self._outbox)

    def clear_log(self) -> None:
        """Forget the push log and the request counters."""
        self.pushes.clear()
        self.request_counts.clear()

    def drain_outbox(self) -> list[Push]:
        """Return and forget the pushes waiting to be sent."""
        pushes = list(self._outbox)
        self._outbox.clear()
        return pushes

    def count_request(self, endpoint: str) -> None:
        """Count one request to a device endpoint."""
        self.request_counts[endpoint] += 1

    def configure(self, **changes: Any) -> GatewayOptions:
        """Change options (see :class:`GatewayOptions`); returns the new options."""
        self.options = self.options.updated(changes)
        self.notify()
        return self.options

    # ------------------------------------------------------------------- auth

    def check_credentials(self, params: Mapping[str, str], resource: str) -> bool:
        """Check ``username``/``password`` or a secure-session ``auth`` digest.

        ``params`` has lower-case keys (the document writes ``Username`` too).
        """
        if "session" in params:
            return self._check_session(params, resource)
        return (
            params.get("username") == self.username
            and params.get("password") == self.password
        )

    def _check_session(self, params: Mapping[str, str], resource: str) -> bool:
        now = self.clock()
        session = self._sessions.get(params.get("session", ""))
        if session is None or session.expires_at < now:
            return False
        seq_text = params.get("seq", "").strip()
        if not re.fullmatch(r"\d+", seq_text):
            return False
        seq = int(seq_text)
        if session.last_seq is not None and seq <= session.last_seq:
            return False
        expected = {
            md5_hex(
                self.username + self.password + session.session_id + text + resource
            )
            for text in {seq_text, str(seq)}
        }
        if params.get("auth", "").lower() not in expected:
            return False
        session.last_seq = seq
        lifetime = as_float(params.get("expires"), session.lifetime)
        if lifetime > 0:
            session.lifetime = lifetime
        session.expires_at = now + session.lifetime
        return True

    @mutator
    def create_session(self, params: Mapping[str, str]) -> dict[str, Any] | None:
        """Handle ``crypt_sess.json``; ``None`` when authentication fails.

        ``auth`` must be ``MD5(username + password + cnonce + url-resource)``. The
        document's example names the resource of a later request; for the handshake
        itself the resource is ``/crypt_sess.json``. Also accepted: the digest
        without any resource, the other plausible reading.
        """
        username = params.get("username", "")
        cnonce = params.get("cnonce", "")
        auth = params.get("auth", "").lower()
        if username != self.username or not cnonce or not auth:
            return None
        base = self.username + self.password + cnonce
        if auth not in {md5_hex(base + SESSION_RESOURCE), md5_hex(base)}:
            return None
        lifetime = as_float(params.get("expires"), 180.0)
        if lifetime <= 0:
            lifetime = 180.0
        session_id = f"{self._rng.getrandbits(64):016x}"
        self._sessions[session_id] = Session(
            session_id=session_id,
            username=username,
            client_auth=auth,
            crypt=params.get("crypt", ""),
            lifetime=lifetime,
            expires_at=self.clock() + lifetime,
        )
        return {
            "code": 0,
            "desc": "OK",
            "reason": "OK",
            "session": session_id,
            "expires": int(lifetime) if lifetime.is_integer() else lifetime,
        }

    # ----------------------------------------------------------------- status

    def _status_row(self, state: SlotState, *, reduced: bool) -> dict[str, Any]:
        row: dict[str, Any] = {
            "port": self.slot_label(state),
            "sim": "",
            "seq": state.seq,
            "st": self.slot_st(state),
            "imei": self.slot_imei(state),
        }
        if reduced:
            return row
        st = row["st"]
        inserted = state.inserted
        port = self._ports[state.port]
        row.update(
            {
                "iccid": state.sim.iccid if inserted else "",
                "imsi": state.sim.imsi if inserted else "",
                "sn": self.slot_sn(state),
                "opr": (
                    f"{state.sim.opr_code} {state.sim.opr_name}"
                    if st in {3, 4}
                    else "0 "
                ),
                "bal": f"{state.balance:.2f}" if inserted else "0.00",
                "sig": state.sig if st in {3, 4, 5, 15} else 99,
                "active": int(port.active_slot == state.slot),
                "inserted": int(inserted),
                "slot_active": int(not state.locked),
                "led": state.led,
                "tot_dur": f"{state.tot_used}/{state.tot_limit}",
                "mon_dur": f"{state.mon_used}/{state.mon_limit}",
                "day_dur": f"{state.day_used}/{state.day_limit}",
            }
        )
        return row

    def _selected_slots(self, *, all_slots: bool, all_sims: bool) -> list[SlotState]:
        """Slots shown in ``dev-status``.

        Default: the active slot of each port. ``all_slots=1``: every slot.
        ``all_sims=1`` ("get all the card status"): every slot holding a SIM.
        """
        if all_slots:
            return list(self._slots.values())
        if all_sims:
            return [state for state in self._slots.values() if state.inserted]
        return [
            self._slots[port.port, port.active_slot] for port in self._ports.values()
        ]

    def status_rows(
        self, *, all_slots: bool = False, all_sims: bool = False
    ) -> list[dict[str, Any]]:
        """Return the ``status`` array of a ``dev-status`` message."""
        rows: list[dict[str, Any]] = []
        mode = self.options.empty_slots
        for state in self._selected_slots(all_slots=all_slots, all_sims=all_sims):
            empty = not state.inserted
            if empty and mode == "omit":
                continue
            rows.append(self._status_row(state, reduced=empty and mode == "reduced"))
        return rows

    def dev_status(
        self, *, pushed: bool = False, all_slots: bool = False, all_sims: bool = False
    ) -> dict[str, Any]:
        """Build a ``dev-status`` message (section 4.1.3 / example 6.4.1).

        ``expires`` is the push period in a pushed message and -1 in a polled one
        (field notes).
        """
        self._dev_seq += 1
        expires: float = -1
        if pushed and self._status is not None:
            expires = self._status.period
        slot_count: int | str = self.max_slots
        if self.options.slot_count_as_string:
            slot_count = str(self.max_slots)
        return {
            "type": "dev-status",
            "seq": self._dev_seq,
            "expires": int(expires) if float(expires).is_integer() else expires,
            "mac": self.mac,
            "ip": self.options.ip,
            "ver": self.options.ver,
            "max-ports": self.max_ports,
            self.options.slot_key_style: slot_count,
            "status": self.status_rows(all_slots=all_slots, all_sims=all_sims),
        }

    def plain_status(self, *, all_slots: bool = False, all_sims: bool = False) -> str:
        """Old firmware's plain-text status: ``port=1;sn=...;st=3 Registered;...``."""
        lines: list[str] = []
        per_slot = all_slots or all_sims
        for state in self._selected_slots(all_slots=all_slots, all_sims=all_sims):
            if not state.inserted and self.options.empty_slots == "omit":
                continue
            st = self.slot_st(state)
            port = self.slot_label(state) if per_slot else str(state.port)
            fields = [
                f"port={port}",
                f"sn={self.slot_sn(state)}",
                f"st={port_status_text(st, plain=True)}",
                f"imei={self.slot_imei(state)}",
                f"iccid={state.sim.iccid if state.inserted else ''}",
                f"imsi={state.sim.imsi if state.inserted else ''}",
                "opr="
                + (
                    f"{state.sim.opr_code} {state.sim.opr_name}"
                    if st in {3, 4}
                    else "0 "
                ),
                f"bal={state.balance:.2f}",
                f"sig={state.sig if st in {3, 4, 5, 15} else 99}",
            ]
            lines.append(";".join(fields))
        return "\n".join(lines) + "\n"

    @mutator
    def get_status(
        self,
        *,
        url: str | None = None,
        period: float | None = None,
        all_sims: bool = False,
        all_slots: bool = False,
    ) -> dict[str, Any] | str:
        """Handle ``goip_get_status.html``: (un)register the push target, answer.

        ``url`` with ``period`` > 0 (default 60) registers the ``dev-status`` push;
        ``period=0`` cancels it; ``period`` alone changes the registered period.
        """
        now = self.clock()
        if url:
            chosen = 60.0 if period is None else period
            if chosen <= 0:
                self._status = None
            else:
                chosen = max(chosen, self.options.min_status_period)
                self._status = StatusRegistration(
                    url=url,
                    period=chosen,
                    all_slots=all_slots,
                    all_sims=all_sims,
                    next_push=now + chosen,
                )
                if self.options.status_push_on_register:
                    self.push_status()
        elif period is not None:
            if period <= 0:
                self._status = None
            elif self._status is not None:
                self._status.period = max(period, self.options.min_status_period)
                self._status.next_push = now + self._status.period
        if self.options.plain_text_status:
            return self.plain_status(all_slots=all_slots, all_sims=all_sims)
        return self.dev_status(pushed=False, all_slots=all_slots, all_sims=all_sims)

    @property
    def status_registration(self) -> StatusRegistration | None:
        """The registered ``dev-status`` push target, if any."""
        return self._status

    @mutator
    def push_status(self) -> Push | None:
        """Push one ``dev-status`` now to the registered URL (``None`` if none)."""
        reg = self._status
        if reg is None:
            return None
        message = self.dev_status(
            pushed=True, all_slots=reg.all_slots, all_sims=reg.all_sims
        )
        return self._emit("dev-status", reg.url, message)

    def _slot_changed(self, state: SlotState) -> None:
        """Bump the slot's ``seq`` and push ``port-status`` (section 4.1.4)."""
        state.seq += 1
        if self._status is None:
            return
        row = self._status_row(state, reduced=False)
        text = port_status_text(row["st"])
        # The field notes: ``st`` is a "3 OK" string in pushes; ``status`` is the
        # document's key for the same value. Both are sent.
        message = {
            "type": "port-status",
            "port": row["port"],
            "seq": state.seq,
            "st": text,
            "status": text,
            **{
                key: row[key]
                for key in (
                    "bal",
                    "opr",
                    "sn",
                    "imei",
                    "imsi",
                    "iccid",
                    "sim",
                    "active",
                    "inserted",
                    "slot_active",
                    "sig",
                )
            },
        }
        self._emit("port-status", self._status.url, message)

    def _start_registering(self, port: PortState, delay: float | None = None) -> None:
        state = self._slots[port.port, port.active_slot]
        if not state.inserted or state.locked:
            port.registering_until = None
            self._slot_changed(state)
            return
        wait = self.options.register_delay if delay is None else delay
        port.registering_until = self.clock() + wait
        self._slot_changed(state)

    # --------------------------------------------------------------- commands

    def _ok(self) -> dict[str, Any]:
        return {"code": self.options.command_ok_code, "reason": "OK"}

    @staticmethod
    def _error(code: int) -> dict[str, Any]:
        text = task_status(code)
        return {"code": code, "reason": text.partition(" ")[2]}

    def _plan(
        self, item: Mapping[str, Any]
    ) -> tuple[str, list[PortRef]] | dict[str, Any]:
        op = str(item.get("op", "")).strip().lower()
        if op in _DEVICE_COMMANDS:
            return op, []
        if op not in _PORT_COMMANDS:
            return self._error(15)
        try:
            refs = parse_ports(
                str(item.get("ports", "")), self.max_ports, self.max_slots
            )
        except NotationError:
            return self._error(2)
        return op, refs

    @mutator
    def command(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Handle a JSON command of ``goip_send_cmd.html`` (section 5.1.3).

        ``op=multiple`` runs ``ops`` in order; every step is checked before any is
        applied. An unknown op answers ``{"code": 15, "reason": "Invalid CMD"}``, a
        bad port ``{"code": 2, "reason": "Invalid Port"}``.
        """
        op = str(message.get("op", "")).strip().lower()
        items: list[Mapping[str, Any]]
        if op == "multiple":
            ops = message.get("ops")
            if not isinstance(ops, list) or not ops:
                return self._error(15)
            if not all(isinstance(item, Mapping) for item in ops):
                return self._error(15)
            items = ops
        else:
            items = [message]
        steps: list[tuple[str, list[PortRef]]] = []
        for item in items:
            planned = self._plan(item)
            if isinstance(planned, dict):
                return planned
            steps.append(planned)
        for step_op, refs in steps:
            self._apply(step_op, refs)
        return self._ok()

    def _apply(self, op: str, refs: list[PortRef]) -> None:
        if op == "save":
            self.save()
        elif op == "reboot":
            self.reboot(downtime=self.options.reboot_downtime)
        elif op == "lock":
            self.lock(refs)
        elif op == "unlock":
            self.unlock(refs)
        elif op == "switch":
            self.switch(refs)
        elif op == "reset":
            self.reset(refs)
        else:
            for port, slot in expand_slots(refs, self.max_slots):
                state = self._slots[port, slot]
                state.led = int(op == "ledon")
                self._slot_changed(state)

    @mutator
    def lock(self, refs: Iterable[PortRef]) -> None:
        """Lock slots (a bare port: all its slots): ``st`` 12, off the network."""
        for port, slot in expand_slots(list(refs), self.max_slots):
            state = self._slots[port, slot]
            if state.locked:
                continue
            state.locked = True
            module = self._ports[port]
            if module.active_slot == slot:
                module.registering_until = None
            self._slot_changed(state)

    @mutator
    def unlock(self, refs: Iterable[PortRef]) -> None:
        """Unlock slots; an active slot registers again."""
        for port, slot in expand_slots(list(refs), self.max_slots):
            state = self._slots[port, slot]
            if not state.locked:
                continue
            state.locked = False
            module = self._ports[port]
            if module.active_slot == slot:
                self._start_registering(module)
            else:
                self._slot_changed(state)

    @mutator
    def switch(self, refs: Iterable[PortRef]) -> None:
        """Make the named slots active (``2.02``/``2B``); the new SIM registers.

        A bare port (not described by the document) switches to its next slot.
        """
        for ref in refs:
            module = self._ports[ref.port]
            target = ref.slot or module.active_slot % self.max_slots + 1
            if target == module.active_slot:
                continue
            old = self._slots[ref.port, module.active_slot]
            module.active_slot = target
            module.registering_until = None
            self._slot_changed(old)
            self._start_registering(module)

    @mutator
    def reset(self, refs: Iterable[PortRef]) -> None:
        """Restart modules: only the port number counts (section 5.1.3)."""
        for port in dict.fromkeys(ref.port for ref in refs):
            self._start_registering(self._ports[port])

    @mutator
    def save(self) -> None:
        """Persist the RAM parameters (``op=save``)."""
        self._saved_params = dict(self._params)

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
        self.ssrc = self._new_ssrc()
        self.boot_time = self.clock()
        self._params = dict(self._saved_params)
        keep = self.options.reboot_keep_inbox
        kept = self._inbox[-keep:] if keep > 0 else []
        for number, message in enumerate(kept, start=1):
            message.id = number
        self._inbox = kept
        self._next_sms_id = len(kept) + 1
        self._sms_buffer.clear()
        self._sms_buffer_since = None
        self._tasks.clear()
        self._reporting.clear()
        self._sessions.clear()
        self._dev_seq = 0
        if downtime > 0:
            self.set_offline(seconds=downtime, mode="refuse")
        for module in self._ports.values():
            module.queue.clear()
            module.inflight = None
            module.next_free = 0.0
            self._start_registering(
                module, delay=downtime + self.options.register_delay
            )

    # ------------------------------------------------------------- parameters

    def _param_target(self, name: str) -> SlotState | bool | None:
        """Return the slot a per-slot parameter names.

        ``None`` for other parameters, ``False`` when the index is out of range.
        """
        match = _INDEXED.match(name)
        if match is None:
            return None
        index = int(match.group(2))
        if index >= self.max_ports * self.max_slots:
            return False
        return self._slots[index // self.max_slots + 1, index % self.max_slots + 1]

    @mutator
    def set_params(self, pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
        """Handle ``op=set``: change RAM parameters (``op=save`` persists them).

        ``sim_imei(n)`` takes 15 digits (or empty to clear); ``sim_number(n)`` any
        text; an index beyond the last slot, or a malformed name, is not counted.
        """
        count = 0
        for raw_name, value in pairs:
            name = raw_name.strip()
            if not _PARAM_NAME.match(name):
                continue
            target = self._param_target(name)
            if target is False:
                continue
            key = name.lower()
            if (
                key.startswith("sim_imei(")
                and value
                and not re.fullmatch(r"\d{15}", value)
            ):
                continue
            self._params[key] = value
            self._param_names.setdefault(key, name)
            count += 1
            if isinstance(target, SlotState):
                self._slot_changed(target)
        return {"code": 0, "reason": "OK", "par_set": count}

    def get_params(self, names: Iterable[str]) -> dict[str, Any]:
        """Handle ``op=get``: values of the named parameters (``""`` if unset).

        The document gives no reply format; the values are sent both in ``params``
        and as top-level keys, with ``par_get`` counting the known ones.
        """
        values: dict[str, str] = {}
        known = 0
        for raw in names:
            name = raw.strip()
            if not name:
                continue
            value = self._params.get(name.lower())
            if value is None:
                target = self._param_target(name)
                if isinstance(target, SlotState):
                    kind = name.split("(", 1)[0].lower()
                    value = (
                        self.slot_imei(target)
                        if kind == "sim_imei"
                        else self.slot_sn(target)
                    )
            if value is not None:
                known += 1
            values[name] = value or ""
        reply: dict[str, Any] = {"code": 0, "reason": "OK", "par_get": known}
        for name, value in values.items():
            reply.setdefault(name, value)
        reply["params"] = values
        return reply

    def param(self, name: str) -> str | None:
        """Return a RAM parameter (case-insensitive), ``None`` if unset."""
        return self._params.get(name.lower())

    def saved_param(self, name: str) -> str | None:
        """Return a saved parameter (case-insensitive), ``None`` if unset."""
        return self._saved_params.get(name.lower())

    # ------------------------------------------------------- reachability

    @mutator
    def set_offline(
        self, *, seconds: float | None = None, mode: str = "refuse"
    ) -> None:
        """Make the device endpoints unreachable.

        ``refuse`` closes each connection without an answer, ``hang`` never
        answers; for ``seconds`` or until :meth:`set_online`. Pushes are dropped
        while offline.
        """
        if mode not in {"refuse", "hang"}:
            raise ValueError("mode must be 'refuse' or 'hang'")
        self.offline_mode = mode
        self.offline_until = None if seconds is None else self.clock() + seconds

    @mutator
    def set_online(self) -> None:
        """Make the device reachable again."""
        self.offline_mode = None
        self.offline_until = None

    @mutator
    def set_fault(
        self, mode: str, *, delay: float = 1.0, count: int | None = None
    ) -> None:
        """Break the device endpoints (``none`` repairs them).

        * ``http500``: answer HTTP 500;
        * ``garbage``: answer HTTP 200 with bytes that are neither JSON nor text;
        * ``slow``: wait ``delay`` seconds, then answer;
        * ``truncated``: handle the request, answer the first half of the reply
          (malformed JSON);
        * ``html``: answer HTTP 200 with an HTML page (a proxy's or captive
          portal's), whose attributes look like ``key=value`` pairs;
        * ``drop``: handle the request, then close the connection unanswered (the
          reply is lost, the request took effect);
        * ``reboot``: handle the request, then reboot (``delay`` seconds of
          downtime) before answering: the connection closes unanswered and
          whatever the request queued is lost with the reboot.

        ``count`` limits the fault to that many requests.
        """
        if mode == "none":
            self.fault = None
            return
        if mode not in FAULT_MODES:
            raise ValueError(f"mode must be none or one of {', '.join(FAULT_MODES)}")
        self.fault = Fault(mode=mode, delay=delay, remaining=count)

    def take_fault(self) -> Fault | None:
        """Return the fault for one request (counting it down), if any."""
        fault = self.fault
        if fault is None:
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.fault = None
        return fault
