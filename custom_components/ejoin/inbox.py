"""Exactly-once bookkeeping of received messages, kept in a ``Store``.

The gateway hands over a received SMS in up to three ways: a ``recv-sms`` push, the
"SMS to HTTP" push, and the inbox (``goip_get_sms.html``), which the integration polls
as a fallback. :class:`MessageLedger` decides for every message whether it is new, so
that each one fires its event exactly once, and remembers across restarts:

* the inbox cursor (``ssrc`` and ``next_sms``), so messages that arrived while Home
  Assistant was stopped are read after start, and a gateway reboot (new ``ssrc``,
  ids from 1 again) is noticed;
* fingerprints of recent messages: ``(ssrc, id)`` for polled ones and a content
  fingerprint (kind, slot, timestamp, sender, text) for all, which is what matches a
  pushed message (no id) with the same message polled later, or re-listed with new
  ids after a reboot; and one of every dated MMS, so a push repeated by the gateway
  fires once;
* per content fingerprint, how many distinct messages with that content were handled
  (two identical SMS can arrive in the same second), and how many inbox ids of the
  current ``ssrc`` were matched to it (see :meth:`MessageLedger.accept`);
* a horizon: the newest timestamp of messages that are known to be handled but whose
  fingerprints were dropped (or that were in the inbox before the first setup). A
  re-read inbox does not replay anything older;
* the next send task id, so that task ids never repeat for a gateway.

The "SMS to HTTP" push carries no timestamp of its own. Such a message gets a loose
fingerprint (kind, slot, sender, text) and is matched one to one with a timestamped
copy of the same message, whichever of the two comes first.

Everything is bounded, and saving is delayed: a burst of a thousand messages costs
one write.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import UTC, datetime
import hashlib
import time
from typing import TYPE_CHECKING, Any, Final, NotRequired, TypedDict

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from .const import DOMAIN

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .api import MmsMessage, ReceivedSms

STORAGE_VERSION: Final = 1
#: Content fingerprints kept; a few thousand messages' worth of duplicates caught.
MAX_FINGERPRINTS: Final = 5000
#: Loose (timestamp-less) fingerprints waiting for their partner, and for how long.
MAX_LOOSE: Final = 1000
LOOSE_WINDOW: Final = 24 * 3600.0
#: Seconds a change may wait before it is written.
SAVE_DELAY: Final = 10.0
#: Timestamps before this are a gateway clock that was not set (no NTP after boot);
#: they are not compared with the horizon.
PLAUSIBLE_EPOCH: Final = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
#: Task ids of a new gateway start here plus the seconds since this epoch, so that a
#: gateway set up again (its ids in a fresh store) does not reuse recent ids.
_TID_EPOCH: Final = 1_750_000_000
#: The device's task id is an int; stay in the signed 32-bit range.
MAX_TID: Final = 2**31 - 1


class _StoredLedger(TypedDict):
    """What the Store holds (version 1)."""

    initialized: bool
    ssrc: str | None
    #: How often the inbox of ``ssrc`` was renumbered without a new ``ssrc``.
    renumbered: NotRequired[int]
    next_id: int | None
    horizon: float | None
    next_tid: int
    push_url: NotRequired[str | None]
    #: ``[key, message timestamp or None]``, oldest first.
    seen: list[list[Any]]
    #: ``[loose key, kind, time noted]``; kind ``"e"``: a timestamp-less message,
    #: ``"t"``: a timestamped one, each waiting for its other half.
    loose: list[list[Any]]
    #: ``[content key, count]`` where more than one distinct message had that
    #: content (absent: one, as in stores written before counts were kept).
    copies: NotRequired[list[list[Any]]]
    #: The ``ssrc`` whose inbox ids ``matched`` counts.
    matched_ssrc: NotRequired[str | None]
    #: ``[content key, count]``: inbox ids of ``matched_ssrc`` with that content.
    matched: NotRequired[list[list[Any]]]


def _digest(*parts: object) -> str:
    """Return a short, stable hash of ``parts``."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def content_key(sms: ReceivedSms) -> str:
    """Return the content fingerprint of a timestamped message."""
    stamp = None if sms.received_at is None else int(sms.received_at.timestamp())
    return "c" + _digest(
        int(sms.is_delivery_report), sms.slot, stamp, sms.sender, sms.text.strip()
    )


def loose_key(sms: ReceivedSms) -> str:
    """Return the fingerprint of a message without its timestamp."""
    return "l" + _digest(
        int(sms.is_delivery_report), sms.slot, sms.sender, sms.text.strip()
    )


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


def id_key(ssrc: str | None, message_id: int) -> str:
    """Return the fingerprint of an inbox message, unique while ``ssrc`` lasts."""
    return "i" + _digest(ssrc, message_id)


class MessageLedger:
    """Remembers which messages were handled, the inbox cursor and task ids."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Create the ledger of one config entry (not loaded yet)."""
        self._store: Store[_StoredLedger] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}", atomic_writes=True
        )
        self.initialized = False
        self.ssrc: str | None = None
        self._renumbered = 0
        self.next_id: int | None = None
        self.horizon: float | None = None
        self.push_url: str | None = None
        self._next_tid = _TID_EPOCH
        self._seen: OrderedDict[str, float | None] = OrderedDict()
        self._loose: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
        #: Distinct messages handled per content key, where more than one; a key
        #: in ``_seen`` stands for one.
        self._copies: dict[str, int] = {}
        #: Inbox ids of ``_matched_ssrc`` matched to each content key.
        self._matched_ssrc: str | None = None
        self._matched: dict[str, int] = {}

    async def async_load(self) -> None:
        """Read the stored state; a first setup starts uninitialized."""
        stored = await self._store.async_load()
        if stored is None:
            # Seconds since an epoch: a store made later starts past earlier ids.
            self._next_tid = max(1, int(time.time()) - _TID_EPOCH) % MAX_TID
            return
        self.initialized = bool(stored.get("initialized"))
        self.ssrc = stored.get("ssrc")
        self._renumbered = int(stored.get("renumbered", 0))
        self.next_id = stored.get("next_id")
        self.horizon = stored.get("horizon")
        self.push_url = stored.get("push_url")
        self._next_tid = int(stored.get("next_tid", 1))
        for key, stamp in stored.get("seen", []):
            self._seen[str(key)] = stamp
        for key, kind, noted in stored.get("loose", []):
            self._loose.setdefault((str(key), str(kind)), []).append(float(noted))
        # Stores written before the counts were kept have none: each fingerprint
        # stands for one message, and no id of the inbox is taken as matched (a
        # pushed message then matches its polled copy, as it should).
        self._copies = {str(key): int(count) for key, count in stored.get("copies", [])}
        self._matched_ssrc = stored.get("matched_ssrc")
        self._matched = {
            str(key): int(count) for key, count in stored.get("matched", [])
        }

    # ------------------------------------------------------------ deciding

    @callback
    def accept_batch(
        self,
        messages: Sequence[ReceivedSms],
        *,
        ssrc: str | None = None,
        ids: Sequence[int] | None = None,
        estimated_time: bool = False,
        resync: bool = False,
    ) -> list[bool]:
        """Decide for each message of one push or inbox page whether it is new.

        ``ids`` are the inbox ids of a page (None for a push). Within one push, the
        k-th message with a given content is the k-th distinct one: a push holding
        two identical messages fires both, the same push repeated fires nothing.
        """
        occurrences: Counter[str] = Counter()
        decisions: list[bool] = []
        for position, sms in enumerate(messages):
            key = content_key(sms)
            occurrences[key] += 1
            decisions.append(
                self.accept(
                    sms,
                    ssrc=ssrc,
                    message_id=None if ids is None else ids[position],
                    estimated_time=estimated_time,
                    resync=resync,
                    occurrence=occurrences[key],
                )
            )
        return decisions

    @callback
    def accept(
        self,
        sms: ReceivedSms,
        *,
        ssrc: str | None = None,
        message_id: int | None = None,
        estimated_time: bool = False,
        resync: bool = False,
        occurrence: int = 1,
    ) -> bool:
        """Return True when ``sms`` is new (and remember it), False for a repeat.

        ``ssrc``/``message_id`` identify an inbox message. ``estimated_time`` marks
        a message whose timestamp is the time of arrival rather than the gateway's
        own. ``resync`` marks an inbox read from the start (first setup, gateway
        reboot): messages older than the horizon are taken as handled.
        ``occurrence`` counts the messages with this content in one push, this one
        included.

        Two SMS can share their content fingerprint (same text, sender, slot and
        second), so the ledger counts the distinct messages handled per content,
        ``n``. An inbox message with an id not seen before is a copy of one of them
        while fewer than ``n`` ids of its ``ssrc`` matched that content, else a new
        message; the k-th copy in a push is new when ``k > n``. Two identical SMS
        pushed separately thus fire once at first: a repeated push looks the same.
        The second fires when the inbox is next polled and lists both ids (never,
        with polling off).
        """
        ident = None if message_id is None else id_key(ssrc, message_id)
        if ident is not None and ident in self._seen:
            return False
        stamp = None if sms.received_at is None else sms.received_at.timestamp()
        if estimated_time or stamp is None:
            new = self._accept_loose(loose_key(sms), "e", "t")
        else:
            key = content_key(sms)
            handled = self._copies.get(key, 1) if key in self._seen else 0
            accounted = occurrence - 1 if ident is None else self._match(ssrc, key)
            if accounted < handled:
                new = False
            else:
                # One more distinct message with this content (n = 1 is implied
                # by the fingerprint, which keeps the store small).
                if handled:
                    self._copies[key] = handled + 1
                new = not (
                    resync and self._before_horizon(stamp)
                ) and self._accept_loose(loose_key(sms), "t", "e")
            self._remember(key, stamp)
        if ident is not None:
            self._remember(ident, stamp)
        return new

    def _match(self, ssrc: str | None, key: str) -> int:
        """Count an inbox id of ``ssrc`` with content ``key``; return the count before.

        Only one ``ssrc`` is counted: a new one means the gateway rebooted and
        lists its inbox under new ids, none of which matched anything yet.
        """
        if ssrc != self._matched_ssrc:
            self._matched_ssrc = ssrc
            self._matched.clear()
        matched = self._matched.get(key, 0)
        self._matched[key] = matched + 1
        return matched

    @callback
    def accept_mms(self, mms: MmsMessage) -> bool:
        """Return True when ``mms`` is new (and remember it), False for a repeat."""
        key = mms_key(mms)
        if key is None:
            return True
        if key in self._seen:
            return False
        self._remember(key, None)
        return True

    def _before_horizon(self, stamp: float) -> bool:
        """Return True for a plausible timestamp not after the horizon."""
        return (
            self.horizon is not None
            and stamp >= PLAUSIBLE_EPOCH
            and stamp <= self.horizon
        )

    def _accept_loose(self, key: str, own: str, partner: str) -> bool:
        """Match a message with a waiting other half, or leave it waiting.

        A timestamp-less copy (``"e"``) pairs with one timestamped copy (``"t"``) of
        the same text from the same sender on the same slot, and the other way round.
        """
        now = time.time()
        waiting = self._loose.get((key, partner))
        while waiting and now - waiting[0] > LOOSE_WINDOW:
            waiting.pop(0)
        if waiting:
            waiting.pop(0)
            if not waiting:
                del self._loose[(key, partner)]
            return False
        self._loose.setdefault((key, own), []).append(now)
        self._loose.move_to_end((key, own))
        while len(self._loose) > MAX_LOOSE:
            self._loose.popitem(last=False)
        return True

    def _remember(self, key: str, stamp: float | None) -> None:
        """Add a fingerprint; the oldest ones move into the horizon."""
        self._seen[key] = stamp
        self._seen.move_to_end(key)
        while len(self._seen) > MAX_FINGERPRINTS:
            dropped_key, dropped = self._seen.popitem(last=False)
            self._copies.pop(dropped_key, None)
            self._matched.pop(dropped_key, None)
            self.raise_horizon(dropped)

    @callback
    def raise_horizon(self, stamp: float | None) -> None:
        """Take everything up to ``stamp`` as handled (when re-read after a reboot)."""
        if stamp is None or stamp < PLAUSIBLE_EPOCH:
            return
        if self.horizon is None or stamp > self.horizon:
            self.horizon = stamp

    # ------------------------------------------------------- cursor and ids

    def id_scope(self, ssrc: str | None) -> str | None:
        """Return what an inbox id of ``ssrc`` is unique within.

        Usually the ``ssrc`` itself: a gateway names each numbering of its inbox
        by a new one. A gateway that numbers its inbox from 1 again under the same
        ``ssrc`` would make new messages look like old ones, so each renumbering
        of the current ``ssrc`` (:meth:`renumber`) opens a scope of its own.
        """
        if ssrc == self.ssrc and self._renumbered:
            return f"{ssrc}#{self._renumbered}"
        return ssrc

    @callback
    def renumber(self, ssrc: str | None) -> None:
        """Note that the inbox was numbered anew, under ``ssrc``."""
        self._renumbered = self._renumbered + 1 if ssrc == self.ssrc else 0

    @callback
    def set_cursor(self, ssrc: str | None, next_id: int | None) -> None:
        """Remember where the next inbox read starts."""
        self.ssrc = ssrc
        self.next_id = next_id
        self.initialized = True

    @callback
    def reserve_tids(self, count: int = 1) -> list[int]:
        """Return ``count`` task ids never handed out before for this gateway."""
        tids: list[int] = []
        for _ in range(count):
            if self._next_tid >= MAX_TID:
                self._next_tid = 1
            tids.append(self._next_tid)
            self._next_tid += 1
        return tids

    # --------------------------------------------------------------- saving

    @callback
    def async_schedule_save(self) -> None:
        """Write the state soon; Home Assistant also writes it when stopping."""
        self._store.async_delay_save(self._data, SAVE_DELAY)

    async def async_save(self) -> None:
        """Write the state now."""
        await self._store.async_save(self._data())

    async def async_remove(self) -> None:
        """Delete the stored state (the entry is being removed)."""
        await self._store.async_remove()

    @callback
    def _data(self) -> _StoredLedger:
        """Return the state to store."""
        return {
            "initialized": self.initialized,
            "ssrc": self.ssrc,
            "renumbered": self._renumbered,
            "next_id": self.next_id,
            "horizon": self.horizon,
            "next_tid": self._next_tid,
            "push_url": self.push_url,
            "seen": [[key, stamp] for key, stamp in self._seen.items()],
            "loose": [
                [key, kind, noted]
                for (key, kind), times in self._loose.items()
                for noted in times
            ],
            "copies": [[key, count] for key, count in self._copies.items()],
            "matched_ssrc": self._matched_ssrc,
            "matched": [[key, count] for key, count in self._matched.items()],
        }
