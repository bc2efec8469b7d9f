"""Tests of the ledger: which received messages, outcomes and MMS are new.

The ledger is pure state: decisions are operations, applied at once and written
to the journal; loading replays them. These tests decide directly, and go
through a :class:`~custom_components.ejoin.journal.Journal` where what is kept
across a restart matters.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
import gc
import time
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

import pytest

from custom_components.ejoin import journal as journal_module, ledger as ledger_module
from custom_components.ejoin.api import MmsMessage, MmsPart, ReceivedSms, SlotAddress
from custom_components.ejoin.events import message_event
from custom_components.ejoin.journal import Journal
from custom_components.ejoin.ledger import (
    MAX_TID,
    TID_BLOCK,
    WAIT_WINDOW,
    MessageLedger,
    Op,
    content_key,
    migrate_v1,
    mms_key,
    outcome_key,
)

from .messaging_helpers import real_snapshots_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from collections.abc import Sequence

    from homeassistant.core import HomeAssistant

STAMP = 1_790_000_000
EVENT = ("ejoin_sms_sent", {"tid": 1})


def _sms(
    text: str,
    *,
    stamp: float | None = STAMP,
    estimated: bool = False,
    report: bool = False,
    slot: str = "1.01",
) -> ReceivedSms:
    return ReceivedSms.build(
        is_delivery_report=report,
        slot=SlotAddress.parse(slot),
        received_at=None if stamp is None else datetime.fromtimestamp(stamp, UTC),
        sender="+15550009999",
        recipient="+15550001111",
        content=text,
        content_is_encoded=False,
        time_estimated=estimated,
    )


def _decide(
    ledger: MessageLedger, messages: Sequence[ReceivedSms], **kwargs: Any
) -> list[Op]:
    return ledger.take_messages(
        messages, [message_event(sms) for sms in messages], **kwargs
    )


def _new(ops: list[Op]) -> int:
    """Return how many events ``ops`` hold (messages that fire)."""
    return sum(op[0] == "new" and op[8] is not None for op in ops)


def _take(ledger: MessageLedger, messages: Sequence[ReceivedSms], **kwargs: Any) -> int:
    return _new(_decide(ledger, messages, **kwargs))


# ------------------------------------------------------------------ deciding


def test_pushed_then_polled_is_one_message() -> None:
    """A message pushed, then listed by the inbox: one entry, the id attached."""
    ledger = MessageLedger()
    assert _take(ledger, [_sms("hello")]) == 1
    ops = _decide(ledger, [_sms("hello")], scope="s", ids=[7])
    assert ops == [["id", 1, "s", 7]]
    assert ledger.remembered == 1
    # The id is known now: listed again, whatever it holds, nothing is new.
    assert _take(ledger, [_sms("other")], scope="s", ids=[7]) == 0
    assert _take(ledger, [_sms("hello")]) == 0


def test_identical_messages_are_counted() -> None:
    """Copies per push and ids per scope are counted, one entry per message."""
    ledger = MessageLedger()
    twins = [_sms("t"), _sms("t")]
    assert _take(ledger, twins) == 2
    assert _take(ledger, twins, scope="s", ids=[1, 2]) == 0
    assert _take(ledger, twins, scope="s", ids=[1, 2]) == 0
    # A push with three copies holds one more message than were handled.
    assert _take(ledger, [*twins, _sms("t")]) == 1
    assert ledger.remembered == 3
    # Listed under a new scope (a reboot): the ids go to the messages handled.
    assert _take(ledger, [*twins, _sms("t")], scope="rebooted", ids=[1, 2, 3]) == 0
    assert _take(ledger, [_sms("t")], scope="rebooted", ids=[4]) == 1
    assert ledger.remembered == 4


def test_delivery_report_and_sms_do_not_collide() -> None:
    """The kind is part of the fingerprint; the encoding of the text is not."""
    ledger = MessageLedger()

    def build(*, report: bool, content: str, encoded: bool = False) -> ReceivedSms:
        return ReceivedSms.build(
            is_delivery_report=report,
            slot=SlotAddress(1, 1),
            received_at=datetime(2026, 1, 1, tzinfo=UTC),
            sender="+1",
            recipient="+2",
            content=content,
            content_is_encoded=encoded,
        )

    assert _take(ledger, [build(report=False, content="0 260101")]) == 1
    assert _take(ledger, [build(report=True, content="0 260101")]) == 1
    # The same text, once base64 (a push) and once plain (SMS to HTTP): one message.
    encoded = base64.b64encode(b"0 260101").decode()
    assert _take(ledger, [build(report=False, content=encoded, encoded=True)]) == 0


def test_timestamp_less_copies_are_matched() -> None:
    """One copy with and one without the gateway's timestamp pair up, either way."""
    ledger = MessageLedger()
    # SMS to HTTP first (no timestamp), then the inbox lists it with one.
    assert _take(ledger, [_sms("x", stamp=None)]) == 1
    assert _take(ledger, [_sms("x")], scope="s", ids=[1]) == 0
    assert ledger.remembered == 1
    assert _take(ledger, [_sms("x")]) == 0
    # Timestamped first; an estimated time counts as none.
    assert _take(ledger, [_sms("y", stamp=STAMP + 50)]) == 1
    assert _take(ledger, [_sms("y", stamp=time.time(), estimated=True)]) == 0
    assert _take(ledger, [_sms("y", stamp=None)]) == 1
    # Two copies waiting: each partner takes one.
    assert _take(ledger, [_sms("w", stamp=None)]) == 1
    assert _take(ledger, [_sms("w", stamp=None)]) == 1
    assert _take(ledger, [_sms("w", stamp=STAMP + 1)]) == 0
    assert _take(ledger, [_sms("w", stamp=STAMP + 2)]) == 0
    assert _take(ledger, [_sms("w", stamp=STAMP + 3)]) == 1
    # An estimated copy of a timestamped one listed by the inbox takes its id.
    assert _take(ledger, [_sms("u")]) == 1
    assert _take(ledger, [_sms("u", stamp=None)], scope="s", ids=[4]) == 0
    assert _take(ledger, [_sms("anything")], scope="s", ids=[4]) == 0


def test_waiting_copies_expire_and_are_bounded() -> None:
    """A copy waits a day at most, and only the newest waiting ones are kept."""
    ledger = MessageLedger()
    assert _take(ledger, [_sms("z", stamp=None)]) == 1
    assert _take(ledger, [_sms("z")], now=time.time() + WAIT_WINDOW + 1) == 1
    with patch.object(ledger_module, "MAX_WAITING", 2):
        for number in range(4):
            assert _take(ledger, [_sms(f"e{number}", stamp=None)]) == 1
    # e0 and e1 no longer wait: their timestamped copies are new messages.
    assert _take(ledger, [_sms("e0")]) == 1
    assert _take(ledger, [_sms("e3")]) == 0


def test_ledger_is_bounded() -> None:
    """The oldest entries give way; the horizon keeps re-read messages quiet."""
    ledger = MessageLedger()
    with patch.object(ledger_module, "MAX_MESSAGES", 3):
        for number in range(5):
            assert _take(ledger, [_sms(f"m{number}", stamp=STAMP + number)]) == 1
        assert ledger.remembered == 3
    assert ledger.horizon == STAMP + 1
    # Re-read from the start after a reboot: old ones are quiet, new ones fire.
    assert _take(ledger, [_sms("m0")], scope="new", ids=[1], resync=True) == 0
    assert _take(ledger, [_sms("m9", stamp=STAMP + 9)], resync=True) == 1
    # Not a resync (a push): what was forgotten cannot be told from new.
    assert _take(ledger, [_sms("m1", stamp=STAMP + 1)]) == 1
    # The horizon never moves back.
    ledger.apply(["horizon", 1000])
    assert ledger.horizon == STAMP + 1
    # A clock that was not set (before 2020) is not judged by the horizon.
    assert _take(ledger, [_sms("m0", stamp=1000)], resync=True) == 1


def test_bound_holds_pushed_then_polled_messages() -> None:
    """A message pushed and then polled takes one place: as many stay as fit."""
    ledger = MessageLedger()
    count = 50
    messages = [_sms(f"m{number}", stamp=STAMP + number) for number in range(count)]
    with patch.object(ledger_module, "MAX_MESSAGES", count):
        assert _take(ledger, messages) == count
        assert _take(ledger, messages, scope="s", ids=list(range(count))) == 0
        assert ledger.remembered == count
    assert ledger.horizon is None


def _tracked_objects(root: object) -> int:
    """Return how many objects the collector tracks that ``root`` holds."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type | ModuleType | FunctionType):
            continue
        seen.add(id(obj))
        stack.extend(item for item in gc.get_referents(obj) if gc.is_tracked(item))
    return len(seen)


def test_a_remembered_message_is_one_object_for_the_collector() -> None:
    """Each message remembered adds one object Python's collector tracks, not three.

    Every object that outlives a burst is walked by the collector's full pass
    over all of Home Assistant's objects, which a burst of 20,000 messages then
    triggered (about 200 ms on the event loop).
    """
    ledger = MessageLedger()
    count = 2000
    messages = [_sms(f"m{number}", stamp=STAMP + number) for number in range(count)]
    events = [message_event(sms) for sms in messages]
    gc.collect()
    before = _tracked_objects(ledger)
    ledger.take_messages(messages, events)
    ledger.apply(ledger.fired(list(ledger.pending)))
    gc.collect()  # the collector stops tracking tuples of plain values
    assert ledger.remembered == count
    # The entries themselves; before, also a list per fingerprint and a waiting
    # object and a deque per waiting message.
    assert (_tracked_objects(ledger) - before) / count < 1.1


def test_identical_keys_share_a_group() -> None:
    """Three identical messages, then the oldest forgotten: two remain known."""
    ledger = MessageLedger()
    messages = [_sms("same"), _sms("same"), _sms("same")]
    assert _take(ledger, messages) == 3
    assert _take(ledger, messages) == 0
    with patch.object(ledger_module, "MAX_MESSAGES", 2):
        assert _take(ledger, [_sms("other", stamp=STAMP + 1)]) == 1
    # The two oldest "same" were forgotten, one is known: of two copies in one
    # push, one is new.
    assert ledger.remembered == 2
    assert _take(ledger, [_sms("same")] * 2) == 1


def test_first_read_remembers_the_inbox_unfired() -> None:
    """What the inbox holds at the first read was there before: handled, quiet."""
    ledger = MessageLedger()
    old = [_sms("a", stamp=STAMP), _sms("b", stamp=None), _sms("c", stamp=1000)]
    ops = ledger.take_start(old, "s", [1, 2, 3])
    assert _new(ops) == 0
    assert ledger.remembered == 3
    assert ledger.horizon == STAMP
    assert ledger.take_start(old, "s", [1, 2, 3]) == []
    # Pushed again later (a repeat of the gateway), the timestamped one is known.
    assert _take(ledger, [_sms("a")]) == 0
    assert ledger.pending == {}


def test_outcome_and_mms_keys() -> None:
    """Send outcomes and dated MMS fire once; an undated MMS is never a repeat."""
    ledger = MessageLedger()
    key = outcome_key(7, 0, "+1555", "1.01", "ok", None, None, None)
    assert key != outcome_key(7, 1, "+1555", "1.01", "ok", None, None, None)
    op = ledger.take_other(key, EVENT)
    assert op is not None
    assert ledger.knows(key)
    assert ledger.pending[op[2]] == EVENT
    assert ledger.take_other(key, EVENT) is None
    assert ledger.take_other(None, EVENT) is not None
    assert ledger.take_other(None, EVENT) is not None

    def mms(*, date: datetime | None, data: bytes = b"x") -> MmsMessage:
        return MmsMessage(
            subject="s",
            sender="+1",
            recipient="+2",
            date=date,
            text="hi",
            parts=(MmsPart("image/gif", "a.gif", data),),
        )

    dated = datetime(2026, 1, 1, tzinfo=UTC)
    assert mms_key(mms(date=None)) is None
    assert mms_key(mms(date=dated)) == mms_key(mms(date=dated))
    assert mms_key(mms(date=dated)) != mms_key(mms(date=dated, data=b"y"))
    with patch.object(ledger_module, "MAX_OTHER_KEYS", 2):
        keys = [outcome_key(number) for number in range(3)]
        for item in keys:
            ledger.take_other(item, EVENT)
    assert [ledger.knows(item) for item in keys] == [False, True, True]


def test_fired_events_leave_the_pending() -> None:
    """An event recorded as fired is no longer pending."""
    ledger = MessageLedger()
    ops = _decide(ledger, [_sms("a"), _sms("b")])
    numbers = [op[2] for op in ops]
    assert sorted(ledger.pending) == numbers
    assert ledger.fired(reversed(numbers)) == ["fired", numbers]
    assert ledger.pending == {}


def test_task_ids_start_from_the_clock_and_wrap() -> None:
    """A new ledger's ids start at the seconds since 2025-06; ids wrap below 2**31."""
    with patch("custom_components.ejoin.ledger.time.time", return_value=1_750_000_500):
        ledger = MessageLedger()
    assert ledger.reserve_tid() == (500, ["tids", 500 + TID_BLOCK])
    assert ledger.reserve_tid() == (501, None)
    ledger._next_tid = MAX_TID - 1
    assert ledger.reserve_tid() == (MAX_TID - 1, ["tids", MAX_TID])
    assert ledger.reserve_tid() == (1, ["tids", 1 + TID_BLOCK])


def test_replay_over_a_forgotten_entry() -> None:
    """Operations on an entry the bound dropped (replayed later) change nothing;
    one of a later version is skipped.
    """
    ledger = MessageLedger()
    ledger.take_start([_sms("old", stamp=None)], "s", [1])
    with patch.object(ledger_module, "MAX_MESSAGES", 1):
        assert _take(ledger, [_sms("a", stamp=None)]) == 1
        assert _take(ledger, [_sms("b", stamp=STAMP)]) == 1
    before = ledger.snapshot()
    for op in (["id", 1, "s", 9], ["adopt", 2, "c0", "s", 9, STAMP], ["future", 1]):
        ledger.apply(op)
    after = ledger.snapshot()
    assert after == before
    assert _take(ledger, [_sms("x")], scope="s", ids=[9]) == 1


def test_inbox_scopes() -> None:
    """Each renumbering of the same ``ssrc`` opens an id scope of its own."""
    ledger = MessageLedger()
    assert ledger.cursor("a", 5) == ["cursor", "a", 5, 0]
    assert ledger.id_scope("a") == "a"
    assert ledger.cursor("a", 1, renumbered=True) == ["cursor", "a", 1, 1]
    assert ledger.id_scope("a") == "a#1"
    assert ledger.cursor("a", 3) == ["cursor", "a", 3, 1]
    assert ledger.id_scope("b") == "b"
    assert ledger.cursor("b", 1, renumbered=True) == ["cursor", "b", 1, 0]
    assert ledger.id_scope("b") == "b"


# ----------------------------------------------------------------- persisting


def _journaled(journal: Journal, ledger: MessageLedger) -> int:
    """Write a bit of everything to ``journal``; return the task id handed out."""
    tid, op = ledger.reserve_tid()
    assert op is not None
    journal.append([op])
    assert ledger.reserve_tid() == (tid + 1, None)
    journal.append(_decide(ledger, [_sms("hello")], scope="s1", ids=[1]))
    journal.append(_decide(ledger, [_sms("no time", stamp=None)]))
    journal.append(_decide(ledger, [_sms("twin"), _sms("twin")]))
    ops = _decide(ledger, [_sms("z", stamp=None)])
    ops.append(ledger.fired([ops[0][2]]))
    journal.append(ops)
    other = ledger.take_other(outcome_key(tid, 0), EVENT)
    assert other is not None
    journal.append([other])
    journal.append([ledger.cursor("s1", 2), ledger.apply(["horizon", STAMP - 10])])
    journal.append([ledger.apply(["push_url", "http://ha/api/webhook/x"])])
    return tid


def _check_loaded(ledger: MessageLedger, again: MessageLedger, tid: int) -> None:
    """``again`` is ``ledger`` loaded back."""
    assert again.snapshot() == ledger.snapshot()
    assert again.initialized
    assert (again.ssrc, again.next_id, again.push_url) == (
        "s1",
        2,
        "http://ha/api/webhook/x",
    )
    assert len(again.pending) == len(ledger.pending) == 5
    assert _take(again, [_sms("hello")]) == 0
    assert _take(again, [_sms("other")], scope="s1", ids=[1]) == 0
    assert _take(again, [_sms("no time", stamp=STAMP + 100)]) == 0
    assert _take(again, [_sms("twin"), _sms("twin"), _sms("twin")]) == 1
    assert again.knows(outcome_key(tid, 0))


async def test_ledger_persists_through_the_journal(hass: HomeAssistant) -> None:
    """Replaying the journal rebuilds the ledger, pending events included."""
    journal = Journal(hass, "entry")
    ledger = await journal.async_load()
    assert not ledger.initialized
    tid = _journaled(journal, ledger)
    await journal.async_close()

    again = Journal(hass, "entry")
    loaded = await again.async_load()
    _check_loaded(ledger, loaded, tid)
    # Task ids go on past the reserved block: none of it is handed out again.
    assert loaded.reserve_tid() == (tid + TID_BLOCK, ["tids", tid + 2 * TID_BLOCK])
    await again.async_close()


@pytest.mark.usefixtures("real_snapshots")
async def test_ledger_persists_through_a_snapshot(hass: HomeAssistant) -> None:
    """After a compaction the snapshot holds the ledger; loading gives it back."""
    journal = Journal(hass, "entry")
    ledger = await journal.async_load()
    with patch.object(journal_module, "COMPACT_MIN_BYTES", 200):
        tid = _journaled(journal, ledger)
        await hass.async_block_till_done(wait_background_tasks=True)
    assert journal.snapshot_bytes_written > 0
    await journal.async_close()

    again = Journal(hass, "entry")
    _check_loaded(ledger, await again.async_load(), tid)
    await again.async_close()
    assert MessageLedger.restore(ledger.snapshot()).snapshot() == ledger.snapshot()


async def test_task_ids_are_never_reused_across_restarts(hass: HomeAssistant) -> None:
    """Ids are reserved a block at a time: a restart starts past the block."""
    handed_out: list[int] = []
    for _ in range(3):
        journal = Journal(hass, "entry")
        ledger = await journal.async_load()
        for _ in range(3):
            tid, op = ledger.reserve_tid()
            if op is not None:
                journal.append([op])
            handed_out.append(tid)
        await journal.async_close()
    assert handed_out == sorted(set(handed_out))
    assert handed_out[3] == handed_out[0] + TID_BLOCK
    assert handed_out[6] == handed_out[0] + 2 * TID_BLOCK


# ------------------------------------------------------------------ migration


def _v1_store(key: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return a version 1 ledger as the Store of an earlier version kept it."""
    return {"version": 1, "minor_version": 1, "key": key, "data": data}


async def test_version_1_ledger_is_migrated(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Fingerprints become entries (counted), MMS keys stay, inbox ids go."""
    twin = _sms("twin")
    mms = MmsMessage(
        subject=None,
        sender="+1",
        recipient=None,
        date=datetime(2026, 1, 1, tzinfo=UTC),
        text="",
    )
    hass_storage["ejoin.entry"] = _v1_store(
        "ejoin.entry",
        {
            "initialized": True,
            "ssrc": "s1",
            "renumbered": 2,
            "next_id": 9,
            "horizon": STAMP - 100,
            "next_tid": MAX_TID - 10,
            "push_url": "http://ha/api/webhook/x",
            "seen": [
                ["i0123456789abcdef0123", None],
                [content_key(twin), STAMP],
                [mms_key(mms), None],
                [content_key(_sms("once")), STAMP],
            ],
            "loose": [],
            "copies": [[content_key(twin), 2]],
        },
    )
    journal = Journal(hass, "entry")
    ledger = await journal.async_load()
    assert hass_storage["ejoin.entry"]["version"] == 2
    assert ledger.initialized
    assert (ledger.ssrc, ledger.renumbered, ledger.next_id) == ("s1", 2, 9)
    assert ledger.horizon == STAMP - 100
    assert ledger.push_url == "http://ha/api/webhook/x"
    assert ledger.remembered == 3
    assert ledger.knows(str(mms_key(mms)))
    assert _take(ledger, [twin, twin]) == 0
    assert _take(ledger, [twin, twin, twin]) == 1
    # Both twins (pushed before the upgrade) are listed by the inbox now.
    assert _take(ledger, [twin, twin], scope="s1#2", ids=[3, 4]) == 0
    assert _take(ledger, [_sms("once")], scope="s1#2", ids=[5]) == 0
    assert ledger.reserve_tid()[0] == MAX_TID - 10
    await journal.async_close()


def test_version_1_ledger_of_an_older_version() -> None:
    """Stores written before counts, renumbering and push URLs were kept."""
    snapshot = migrate_v1({"seen": [[content_key(_sms("a")), STAMP]], "loose": []})
    ledger = MessageLedger.restore(snapshot)
    assert not ledger.initialized
    assert (ledger.renumbered, ledger.push_url, ledger.remembered) == (0, None, 1)
    assert _take(ledger, [_sms("a")]) == 0
    assert migrate_v1({})["messages"] == []
