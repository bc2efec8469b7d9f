"""Which messages were handled: the exactly-once decisions, as state that replays.

The gateway hands over a received SMS in up to three ways: a ``recv-sms`` push, the
"SMS to HTTP" push, and the inbox (``goip_get_sms.html``), read as a fallback.
Status reports and MMS are pushed, and a push may come twice. The ledger decides
for every one of them whether it is new, so that each fires its event once.

Every change of the ledger is an *operation* (a small JSON list). Deciding never
changes the ledger directly: it builds an operation and applies it with
:meth:`MessageLedger.apply`, and the receiver writes the same operations to the
journal. Replaying the journal over the last snapshot rebuilds the exact state,
pending events included, which is what makes the order "persist, then fire" work.

What is remembered, per received SMS or delivery report, is one :class:`Handled`
entry: its content fingerprint (kind, slot, timestamp, sender, text) and, once the
inbox listed it, its inbox id in the id scope of that time. A pushed message (no id)
and the same message polled later share the content fingerprint; the id is then
attached to the pushed entry. Two identical SMS in the same second have the same
fingerprint: their count is the number of entries with that fingerprint.

The "SMS to HTTP" push carries no timestamp. Such a message waits (a day at most)
for a timestamped copy of the same text from the same sender on the same slot, and
every timestamped message waits for such a copy, one to one, whichever comes first.

Entries are kept in arrival order up to :data:`MAX_MESSAGES`; the oldest leave into
a *horizon*: the newest timestamp of messages known to be handled. An inbox read
from its start (first setup, gateway reboot) takes everything not after the
horizon as handled.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
import hashlib
import time
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .api import MmsMessage, ReceivedSms

#: Received SMS and reports remembered: comfortably more than the 10,000 messages
#: that may come between two inbox reads (say while Home Assistant was down).
MAX_MESSAGES: Final = 12_000
#: Keys of send outcomes and dated MMS remembered (pushes repeated by the gateway).
MAX_OTHER_KEYS: Final = 4_000
#: Messages waiting for their timestamp-less (or timestamped) copy, and how long.
MAX_WAITING: Final = 1_000
WAIT_WINDOW: Final = 24 * 3600.0
#: Timestamps before this are a gateway clock that was not set (no NTP after
#: boot); they are not compared with the horizon.
PLAUSIBLE_EPOCH: Final = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
#: Task ids of a new gateway start at the seconds since this epoch, so a gateway
#: set up again (a fresh ledger) does not reuse recent ids.
_TID_EPOCH: Final = 1_750_000_000
#: The device's task id is an int; stay in the signed 32-bit range.
MAX_TID: Final = 2**31 - 1
#: Task ids are reserved in blocks: one journal write per this many sends, and
#: an id is never handed out twice, even if a crash loses the last block's use.
TID_BLOCK: Final = 1000

#: Kinds of remembered things (the first field of a ``new`` operation).
KIND_SMS: Final = "s"
KIND_OTHER: Final = "o"

type Op = list[Any]
#: An event to fire: its type and data (without the gateway's ids).
type PendingEvent = tuple[str, dict[str, Any]]
#: What an inbox id is: ``(id scope, message id)``.
type InboxKey = tuple[str | None, int]


def _digest(*parts: object) -> str:
    """Return a short, stable hash of ``parts``."""
    return _hash("\x1f".join("" if part is None else str(part) for part in parts))


def _hash(text: str) -> str:
    """Return a short, stable hash of ``text``."""
    # Ten bytes, as in the ledgers of earlier versions, whose keys stay valid.
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def message_keys(sms: ReceivedSms) -> tuple[str | None, str]:
    """Return a message's content fingerprint (None without a time) and loose one."""
    received = sms.received_at
    return _keys(sms, None if received is None else received.timestamp())


def _keys(sms: ReceivedSms, stamp: float | None) -> tuple[str | None, str]:
    """Return :func:`message_keys`, given the timestamp of ``sms``.

    The same texts :func:`_digest` hashes, built in one go: this runs for every
    message of a burst.
    """
    head = f"{int(sms.is_delivery_report)}\x1f{'' if sms.slot is None else sms.slot}"
    tail = f"{sms.sender or ''}\x1f{sms.text.strip()}"
    loose = "l" + _hash(f"{head}\x1f{tail}")
    if stamp is None:
        return None, loose
    return "c" + _hash(f"{head}\x1f{int(stamp)}\x1f{tail}"), loose


def content_key(sms: ReceivedSms) -> str:
    """Return the content fingerprint of a timestamped message."""
    content, _loose = message_keys(sms)
    if content is None:
        raise ValueError("A message without a timestamp has no content fingerprint")
    return content


def loose_key(sms: ReceivedSms) -> str:
    """Return the fingerprint of a message without its timestamp."""
    return message_keys(sms)[1]


def mms_key(mms: MmsMessage) -> str | None:
    """Return the fingerprint of an MMS, None when it carries no date.

    Without the gateway's date two identical MMS cannot be told from one pushed
    twice, so such an MMS is never taken for a repeat.
    """
    if mms.date is None:
        return None
    parts = hashlib.blake2b(digest_size=10)
    for part in mms.parts:
        parts.update(part.content_type.encode())
        parts.update(part.data)
    return "m" + _digest(
        mms.slot,
        int(mms.date.timestamp()),
        mms.sender,
        mms.recipient,
        mms.subject,
        mms.text,
        parts.hexdigest(),
    )


def outcome_key(*fields: object) -> str:
    """Return the fingerprint of one recipient's send outcome."""
    return "o" + _digest(*fields)


@dataclass(slots=True, eq=False)
class Handled:
    """One received SMS or delivery report that was handled."""

    n: int
    #: Content fingerprint; None while a timestamp-less message waits for its
    #: timestamped copy.
    content: str | None
    #: ``(id scope, id)`` in the inbox, once it listed the message.
    inbox: InboxKey | None
    stamp: float | None


#: A message waiting for its copy with(out) a timestamp: its loose fingerprint, its
#: queue (``"t"`` for a timestamped message, ``"e"`` for an estimated time) and
#: when it was noted, as a ``new`` operation holds it. A tuple of plain values:
#: Python's collector stops tracking it, which it cannot do for an object (see
#: :class:`_Groups`).
type _Waiting = tuple[str, str, float]


class _Groups[K, V]:
    """Values by key, oldest first; a key's only value is kept as it is.

    Nearly every key has one value. A list for each would be one more object per
    message that Python's collector tracks: a burst of thousands of messages then
    makes it walk all of Home Assistant's objects, a pause of hundreds of ms.
    Values are never lists.
    """

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[K, V | list[V]] = {}

    def get(self, key: K) -> Sequence[V]:
        """Return the values of ``key``, oldest first (a copy)."""
        found = self._items.get(key)
        if found is None:
            return ()
        return tuple(found) if isinstance(found, list) else (found,)

    def add(self, key: K, value: V) -> None:
        """Add ``value`` as the newest of ``key``."""
        found = self._items.get(key)
        if found is None:
            self._items[key] = value
        elif isinstance(found, list):
            found.append(value)
        else:
            self._items[key] = [found, value]

    def __bool__(self) -> bool:
        """Return whether any key has a value (nearly never for estimated times)."""
        return bool(self._items)

    def count(self, key: K) -> int:
        """Return how many values ``key`` has."""
        found = self._items.get(key)
        if found is None:
            return 0
        return len(found) if isinstance(found, list) else 1

    def discard(self, key: K, value: V) -> None:
        """Remove ``value`` from ``key``, if it is there."""
        found = self._items.get(key)
        if isinstance(found, list):
            if value in found:
                found.remove(value)
            if len(found) == 1:
                self._items[key] = found[0]
        elif found is not None and found == value:
            del self._items[key]


class MessageLedger:
    """Remembers what was handled, what waits to fire, the inbox cursor and task ids.

    Pure state: no I/O. :meth:`snapshot` and :meth:`restore` turn it into JSON
    data and back; :meth:`apply` replays one journaled operation.
    """

    def __init__(self) -> None:
        """Create an empty ledger (a gateway never read before)."""
        #: True once the inbox has a starting point.
        self.initialized = False
        self.ssrc: str | None = None
        #: How often the inbox of ``ssrc`` was renumbered without a new ``ssrc``.
        self.renumbered = 0
        self.next_id: int | None = None
        self.horizon: float | None = None
        self.push_url: str | None = None
        #: Next sequence number of a remembered thing (entries and events).
        self.seq = 1
        self._next_tid = max(1, int(time.time()) - _TID_EPOCH) % MAX_TID
        self._tid_limit = self._next_tid
        self._messages: OrderedDict[int, Handled] = OrderedDict()
        self._by_content: _Groups[str, Handled] = _Groups()
        self._by_inbox: dict[InboxKey, Handled] = {}
        self._waiting: OrderedDict[int, _Waiting] = OrderedDict()
        #: The waiting messages by queue, then loose fingerprint; a queue's index
        #: is built when first looked up (see :meth:`_find_waiting`).
        self._queues: dict[str, _Groups[str, int]] = {}
        self._other_keys: OrderedDict[str, None] = OrderedDict()
        #: Events persisted but not fired yet, by sequence number.
        self.pending: dict[int, PendingEvent] = {}

    # ------------------------------------------------------------ deciding

    def take_messages(
        self,
        messages: Sequence[ReceivedSms],
        events: Sequence[PendingEvent],
        *,
        scope: str | None = None,
        ids: Sequence[int] | None = None,
        resync: bool = False,
        now: float | None = None,
    ) -> list[Op]:
        """Decide for each message of one push or inbox page; return the operations.

        ``events`` holds each message's event. ``ids`` are the inbox ids of a page
        (None for a push), unique within ``scope``. Within one push, the k-th
        message with a given content is the k-th distinct one: a push holding two
        identical messages fires both, the same push repeated fires nothing. An
        inbox id not seen before is a copy of a message with its content while
        fewer ids of this scope were matched to that content than messages with
        it were handled; else it is new. ``resync`` marks an inbox read from its
        start: messages not after the horizon are taken as handled unfired.
        """
        ops: list[Op] = []
        occurrences: dict[str, int] = {}
        noted = time.time() if now is None else now
        # Looked up once: this loop runs for every message of a burst.
        by_content, by_inbox = self._by_content, self._by_inbox
        for position, (sms, event) in enumerate(zip(messages, events, strict=True)):
            inbox = None if ids is None else (scope, ids[position])
            if inbox is not None and inbox in by_inbox:
                continue
            received = sms.received_at
            stamp = None if received is None else received.timestamp()
            key, loose = _keys(sms, stamp)
            if sms.time_estimated or stamp is None or key is None:
                ops.extend(self._take_estimated(loose, event, inbox, stamp, noted))
                continue
            if inbox is None:
                seen = occurrences[key] = occurrences.get(key, 0) + 1
                if seen <= by_content.count(key):
                    continue
            elif (
                copy := next(
                    (e for e in by_content.get(key) if _scope(e) != scope), None
                )
            ) is not None:
                # Fewer ids of this scope matched this content than messages with
                # it were handled: the id is one of those messages, listed.
                ops.append(self.apply(["id", copy.n, scope, inbox[1]]))
                continue
            fire = not (resync and self._before_horizon(stamp))
            partner = self._find_waiting(loose, "e", noted)
            if partner is not None and (
                # Two inbox messages under their own ids are two messages.
                inbox is None or self._messages[partner].inbox is None
            ):
                # The timestamp-less copy fired already: this is its timestamp.
                ops.append(
                    self.apply(["adopt", partner, key, scope, _id(inbox), stamp])
                )
                continue
            op = [
                "new",
                KIND_SMS,
                self.seq,
                key,
                scope if inbox else None,
                _id(inbox),
                stamp,
                (loose, "t", noted),
                event if fire else None,
            ]
            self._apply_new(op)
            ops.append(op)
        return ops

    def _take_estimated(
        self,
        loose: str,
        event: PendingEvent,
        inbox: InboxKey | None,
        stamp: float | None,
        noted: float,
    ) -> list[Op]:
        """Decide for a message whose timestamp is missing or estimated."""
        partner = self._find_waiting(loose, "t", noted)
        if partner is not None:
            ops = [self.apply(["pair", partner])]
            if inbox is not None:
                ops.append(self.apply(["id", partner, inbox[0], inbox[1]]))
            return ops
        new_op = self.apply(
            [
                "new",
                KIND_SMS,
                self.seq,
                None,
                None if inbox is None else inbox[0],
                _id(inbox),
                stamp,
                (loose, "e", noted),
                event,
            ]
        )
        return [new_op]

    def take_other(self, key: str | None, event: PendingEvent) -> Op | None:
        """Decide for a send outcome or an MMS (``key`` None: never a repeat)."""
        if key is not None and self.knows(key):
            return None
        return self.apply(
            ["new", KIND_OTHER, self.seq, key, None, None, None, None, list(event)]
        )

    def knows(self, key: str) -> bool:
        """Return True when the send outcome or MMS ``key`` was taken before."""
        return key in self._other_keys

    def _find_waiting(self, loose: str, kind: str, now: float) -> int | None:
        """Return the oldest message of ``kind`` waiting with ``loose``, if any."""
        queue = self._queues.get(kind)
        if queue is None:
            # Timestamped messages are looked up only once a message without a
            # timestamp comes, which most gateways never send: until then, a
            # burst's messages wait without being indexed.
            queue = self._queues[kind] = _Groups()
            for n, (waiting_loose, waiting_kind, _noted) in self._waiting.items():
                if waiting_kind == kind:
                    queue.add(waiting_loose, n)
        if not queue:
            return None
        for n in queue.get(loose):
            waiting = self._waiting.get(n)
            if waiting is not None and now - waiting[2] <= WAIT_WINDOW:
                return n
            queue.discard(loose, n)
        return None

    def _before_horizon(self, stamp: float) -> bool:
        """Return True for a plausible timestamp not after the horizon."""
        return self.horizon is not None and PLAUSIBLE_EPOCH <= stamp <= self.horizon

    def take_start(
        self, messages: Sequence[ReceivedSms], scope: str | None, ids: Sequence[int]
    ) -> list[Op]:
        """Remember the messages in the inbox at the first read, unfired.

        They were there before the gateway was set up: handled by definition.
        """
        ops: list[Op] = []
        for sms, message_id in zip(messages, ids, strict=True):
            if (scope, message_id) in self._by_inbox:
                continue
            stamp = None if sms.received_at is None else sms.received_at.timestamp()
            key = None if stamp is None else content_key(sms)
            ops.append(
                self.apply(
                    [
                        "new",
                        KIND_SMS,
                        self.seq,
                        key,
                        scope,
                        message_id,
                        stamp,
                        None,
                        None,
                    ]
                )
            )
            if (
                stamp is not None
                and stamp >= PLAUSIBLE_EPOCH
                and (self.horizon is None or stamp > self.horizon)
            ):
                ops.append(self.apply(["horizon", stamp]))
        return ops

    # ------------------------------------------------------- cursor and ids

    def id_scope(self, ssrc: str | None) -> str | None:
        """Return what an inbox id of ``ssrc`` is unique within.

        Usually the ``ssrc`` itself: a gateway names each numbering of its inbox
        by a new one. A gateway that numbers its inbox from 1 again under the
        same ``ssrc`` would make new messages look like old ones, so each
        renumbering of the current ``ssrc`` opens a scope of its own.
        """
        if ssrc == self.ssrc and self.renumbered:
            return f"{ssrc}#{self.renumbered}"
        return ssrc

    def cursor(
        self, ssrc: str | None, next_id: int | None, *, renumbered: bool = False
    ) -> Op:
        """Return (and apply) the operation moving the inbox cursor."""
        count = 0
        if renumbered:
            count = self.renumbered + 1 if ssrc == self.ssrc else 0
        elif ssrc == self.ssrc:
            count = self.renumbered
        return self.apply(["cursor", ssrc, next_id, count])

    def reserve_tid(self) -> tuple[int, Op | None]:
        """Return a task id never handed out before, and the operation to journal.

        The operation (None within a block) raises the stored limit: after a
        restart ids start past it, so an id handed out is never reused.
        """
        op: Op | None = None
        if self._next_tid >= MAX_TID:
            self._next_tid = 1
            self._tid_limit = 1
        if self._next_tid >= self._tid_limit:
            op = self.apply(["tids", min(MAX_TID, self._next_tid + TID_BLOCK)])
        tid = self._next_tid
        self._next_tid += 1
        return tid, op

    def take_pending(self, n: int) -> PendingEvent | None:
        """Return the event ``n`` to fire and forget it, None when it is not pending.

        Its ``fired`` operation follows in the journal: until then a replay
        holds it as pending, while this ledger no longer does (it fired).
        """
        return self.pending.pop(n, None)

    def fired(self, numbers: Iterable[int]) -> Op:
        """Return (and apply) the operation recording that events were fired."""
        return self.apply(["fired", sorted(numbers)])

    # -------------------------------------------------------------- applying

    def apply(self, op: Op) -> Op:
        """Apply one operation (when deciding and when replaying); return it."""
        name = op[0]
        if name == "new":
            self._apply_new(op)
        elif name == "id":
            _name, n, scope, message_id = op
            if (entry := self._messages.get(n)) is not None:
                self._attach(entry, scope, message_id)
        elif name == "adopt":
            _name, n, key, scope, message_id, stamp = op
            self._waiting_done(n)
            if (entry := self._messages.get(n)) is not None:
                entry.content = key
                entry.stamp = stamp
                self._by_content.add(key, entry)
                if message_id is not None:
                    self._attach(entry, scope, message_id)
        elif name == "pair":
            self._waiting_done(op[1])
        elif name == "fired":
            for n in op[1]:
                self.pending.pop(n, None)
        elif name == "cursor":
            _name, self.ssrc, self.next_id, self.renumbered = op
            self.initialized = True
        elif name == "horizon":
            self.horizon = max(op[1], self.horizon or op[1])
        elif name == "tids":
            self._tid_limit = op[1]
        elif name == "push_url":
            self.push_url = op[1]
        return op

    def _apply_new(self, op: Op) -> None:
        _name, kind, n, key, scope, message_id, stamp, waiting, event = op
        if n >= self.seq:
            self.seq = n + 1
        if event is not None:
            # A tuple when deciding (kept as it is), a list when replayed.
            self.pending[n] = tuple(event)
        if kind == KIND_OTHER:
            if key is not None:
                self._other_keys[key] = None
                while len(self._other_keys) > MAX_OTHER_KEYS:
                    self._other_keys.popitem(last=False)
            return
        entry = Handled(n, key, None, stamp)
        self._messages[n] = entry
        if key is not None:
            self._by_content.add(key, entry)
        if message_id is not None:
            self._attach(entry, scope, message_id)
        if waiting is not None:
            # A tuple when deciding, a list when replayed.
            self._wait(n, tuple(waiting))
            while len(self._waiting) > MAX_WAITING:
                self._waiting_done(next(iter(self._waiting)))
        while len(self._messages) > MAX_MESSAGES:
            self._forget(self._messages.popitem(last=False)[1])

    def _attach(self, entry: Handled, scope: str | None, message_id: int) -> None:
        """Give ``entry`` its inbox id (a newer scope replaces an older one)."""
        if entry.inbox is not None:
            self._by_inbox.pop(entry.inbox, None)
        entry.inbox = (scope, message_id)
        self._by_inbox[entry.inbox] = entry

    def _wait(self, n: int, waiting: _Waiting) -> None:
        """Let message ``n`` wait in its queue for its copy."""
        self._waiting[n] = waiting
        if (queue := self._queues.get(waiting[1])) is not None:
            queue.add(waiting[0], n)

    def _waiting_done(self, n: int) -> None:
        """Stop waiting for message ``n``'s copy (it came, or ``n`` left)."""
        waiting = self._waiting.pop(n, None)
        if waiting is not None and (queue := self._queues.get(waiting[1])) is not None:
            queue.discard(waiting[0], n)

    def _forget(self, entry: Handled) -> None:
        """Drop the oldest entry; its timestamp moves into the horizon."""
        if entry.content is not None:
            self._by_content.discard(entry.content, entry)
        if entry.inbox is not None:
            self._by_inbox.pop(entry.inbox, None)
        self._waiting_done(entry.n)
        stamp = entry.stamp
        if stamp is not None and stamp >= PLAUSIBLE_EPOCH:
            self.horizon = max(stamp, self.horizon or stamp)

    # ------------------------------------------------------------ snapshots

    def snapshot(self) -> dict[str, Any]:
        """Return the whole state as JSON data."""
        return {
            "initialized": self.initialized,
            "ssrc": self.ssrc,
            "renumbered": self.renumbered,
            "next_id": self.next_id,
            "horizon": self.horizon,
            "push_url": self.push_url,
            "seq": self.seq,
            "tid_limit": self._tid_limit,
            "messages": [
                [
                    entry.n,
                    entry.content,
                    None if entry.inbox is None else entry.inbox[0],
                    None if entry.inbox is None else entry.inbox[1],
                    entry.stamp,
                ]
                for entry in self._messages.values()
            ],
            "waiting": [
                [n, loose, kind, noted]
                for n, (loose, kind, noted) in self._waiting.items()
            ],
            "other_keys": list(self._other_keys),
            "pending": [[n, event[0], event[1]] for n, event in self.pending.items()],
        }

    @classmethod
    def restore(cls, data: dict[str, Any]) -> MessageLedger:
        """Return the ledger a :meth:`snapshot` describes."""
        ledger = cls()
        ledger.initialized = bool(data["initialized"])
        ledger.ssrc = data["ssrc"]
        ledger.renumbered = int(data["renumbered"])
        ledger.next_id = data["next_id"]
        ledger.horizon = data["horizon"]
        ledger.push_url = data["push_url"]
        ledger.seq = int(data["seq"])
        ledger._tid_limit = int(data["tid_limit"])
        for n, key, scope, message_id, stamp in data["messages"]:
            entry = Handled(n, key, None, stamp)
            ledger._messages[n] = entry
            if key is not None:
                ledger._by_content.add(key, entry)
            if message_id is not None:
                ledger._attach(entry, scope, message_id)
        for n, loose, kind, noted in data["waiting"]:
            ledger._wait(n, (loose, kind, noted))
        ledger._other_keys = OrderedDict.fromkeys(data["other_keys"])
        ledger.pending = {
            n: (event_type, data) for n, event_type, data in data["pending"]
        }
        return ledger

    def resume_tids(self) -> None:
        """Continue task ids past the stored limit (after loading).

        Which ids of the last block were used is not stored: none is reused.
        """
        self._next_tid = max(self._next_tid, self._tid_limit)

    @property
    def remembered(self) -> int:
        """Return how many received messages are remembered."""
        return len(self._messages)


def _scope(entry: Handled) -> str | bool | None:
    """Return the id scope of an entry's inbox id; False when it has none."""
    return False if entry.inbox is None else entry.inbox[0]


def _id(inbox: InboxKey | None) -> int | None:
    """Return the message id of an inbox key."""
    return None if inbox is None else inbox[1]


def migrate_v1(old: dict[str, Any]) -> dict[str, Any]:
    """Return the snapshot of a ledger stored by version 1 of the integration.

    Version 1 kept fingerprints, not messages: each content fingerprint becomes
    as many entries as it counted messages (so a message pushed before the
    upgrade still matches its copy polled after it), MMS fingerprints are kept,
    and inbox id fingerprints, which hide the id, are dropped: the cursor stays,
    so those messages are not read again.
    """
    copies = {str(key): int(count) for key, count in old.get("copies", [])}
    messages: list[list[Any]] = []
    other_keys: list[str] = []
    n = 1
    for key, stamp in old.get("seen", []):
        if str(key).startswith("c"):
            for _ in range(copies.get(str(key), 1)):
                messages.append([n, key, None, None, stamp])
                n += 1
        elif str(key).startswith("m"):
            other_keys.append(str(key))
    return {
        "initialized": bool(old.get("initialized")),
        "ssrc": old.get("ssrc"),
        "renumbered": int(old.get("renumbered", 0)),
        "next_id": old.get("next_id"),
        "horizon": old.get("horizon"),
        "push_url": old.get("push_url"),
        "seq": n,
        "tid_limit": int(old.get("next_tid", 1)),
        "messages": messages[-MAX_MESSAGES:],
        "waiting": [],
        "other_keys": other_keys[-MAX_OTHER_KEYS:],
        "pending": [],
    }
