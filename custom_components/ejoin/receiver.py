"""Intake of everything the gateway reports: SMS, delivery reports, MMS, send outcomes.

Pushed or polled, each passes the same three steps, in this order:

1. **decide**: the ledger tells new from repeated (:mod:`.ledger`);
2. **persist**: the decisions, with the events of what is new, are appended to the
   journal (:mod:`.journal`); only then does a push count as taken (the webhook
   answers 200) or the inbox cursor move;
3. **fire**: the events are fired from what was persisted, and a short record of
   what fired is written within :data:`MARK_DELAY` seconds.

While Home Assistant starts, events wait (automations do not listen yet); they are
on disk, so a crash before "started" loses none: they fire after the next start.
After a hard crash, what fired in the last :data:`MARK_DELAY` seconds (plus the
journal's sync delay, for a power loss) may fire again: that is the one exception.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import CALLBACK_TYPE, CoreState, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .const import EVENT_MMS_RECEIVED, EVENT_SMS_SENT, LOGGER
from .events import MessageEvents, message_event, mms_event_data, outcome_data
from .journal import JournalError
from .ledger import PendingEvent, mms_key, outcome_key
from .mms import SavedAttachment, media_folder, save_attachments

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from datetime import datetime

    from .api import InboxPage, MmsMessage, ReceivedSms, StatusReport
    from .data import EjoinConfigEntry
    from .journal import Journal
    from .ledger import MessageLedger, Op

#: Seconds within which the record of fired events is written.
MARK_DELAY: Final = 1.0

type ReportListener = Callable[[tuple[StatusReport, ...]], None]


class MessageReceiver:
    """Takes one gateway's messages exactly once: decide, persist, fire."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: EjoinConfigEntry,
        ledger: MessageLedger,
        journal: Journal,
        events: MessageEvents,
    ) -> None:
        """Prepare the intake (call :meth:`async_start` once entities listen)."""
        self._hass = hass
        self._entry = entry
        self.ledger = ledger
        self.journal = journal
        self.events = events
        self._mac = events.mac
        #: Set by the inbox poller: called when a push looked like a repeat.
        self.on_repeat: Callable[[], None] | None = None
        self._report_listeners: list[ReportListener] = []
        self._started = False
        self._unsub_started: CALLBACK_TYPE | None = None
        self._release: asyncio.Handle | None = None
        #: Fired, not yet recorded as fired.
        self._unrecorded: set[int] = set()
        self._unsub_marks: CALLBACK_TYPE | None = None
        self._mms_lock = asyncio.Lock()
        self._failed = False

    # ------------------------------------------------------------ lifecycle

    @callback
    def async_start(self) -> None:
        """Fire what waits once Home Assistant has started (now, when it runs)."""
        self._unsub_started = async_at_started(self._hass, self._async_on_started)
        # Home Assistant stops without unloading entries: record what fired
        # before it goes, so a clean stop never fires anything twice.
        self._entry.async_on_unload(
            self._hass.bus.async_listen_once(
                EVENT_HOMEASSISTANT_FINAL_WRITE, self._async_on_final_write
            )
        )

    async def _async_on_final_write(self, _event: Event) -> None:
        self._write_marks()
        await self.journal.async_sync()

    @callback
    def _async_on_started(self, _hass: HomeAssistant) -> None:
        self._unsub_started = None
        # Called while Home Assistant dispatches its "started" event, which
        # queues events fired meanwhile and refuses more than 10,000 of them:
        # what waits fires from the loop instead, before anything newer.
        self._release = self._hass.loop.call_soon(self._async_release)

    @callback
    def _async_release(self) -> None:
        self._release = None
        self._started = True
        if self._failed:
            # The ledger in memory is ahead of the disk: the reload fires from it.
            return
        self._fire(sorted(self.ledger.pending))

    async def async_stop(self) -> None:
        """Record what fired, and close the journal. What waits stays waiting."""
        if self._unsub_started is not None:
            self._unsub_started()
            self._unsub_started = None
        if self._release is not None:
            self._release.cancel()
            self._release = None
        self._write_marks()
        await self.journal.async_close()

    @property
    def starting(self) -> bool:
        """Return True while events wait for Home Assistant to start."""
        return not self._started and self._hass.state is not CoreState.running

    @property
    def unrecorded(self) -> int:
        """Return how many fired events are not recorded as fired yet."""
        return len(self._unrecorded)

    # -------------------------------------------------------------- intake

    @callback
    def take_pushed(self, messages: Sequence[ReceivedSms]) -> int:
        """Take the messages of a push; return how many were new.

        A push carries no inbox id: one that looks like a repeat may be a second
        identical SMS, which the inbox tells apart (``on_repeat``).
        """
        ops = self.ledger.take_messages(
            messages, [message_event(sms) for sms in messages]
        )
        new = self.commit(ops)
        if new < len(messages) and self.on_repeat is not None:
            self.on_repeat()
        return new

    @callback
    def decide_page(self, page: InboxPage, *, resync: bool) -> list[Op]:
        """Decide for an inbox page, in the scope of its ``ssrc``; commit the result.

        The caller adds its cursor operations and calls :meth:`commit` with
        nothing awaited in between.
        """
        messages = [message.sms for message in page.messages]
        return self.ledger.take_messages(
            messages,
            [message_event(sms) for sms in messages],
            scope=self.ledger.id_scope(page.ssrc),
            ids=[message.id for message in page.messages],
            resync=resync,
        )

    @callback
    def take_reports(self, reports: tuple[StatusReport, ...]) -> int:
        """Take the status reports of a push; return how many outcomes were new."""
        ops: list[Op] = []
        for report in reports:
            for outcome in report.outcomes:
                key = outcome_key(
                    outcome.tid,
                    outcome.index,
                    outcome.number,
                    outcome.slot,
                    outcome.success,
                    outcome.reason,
                    outcome.carrier_reason,
                    outcome.sent_at,
                )
                event: PendingEvent = (EVENT_SMS_SENT, outcome_data(outcome))
                if (op := self.ledger.take_other(key, event)) is not None:
                    ops.append(op)
        new = self.commit(ops)
        for listener in self._report_listeners:
            listener(reports)
        return new

    async def async_take_mms(self, message: MmsMessage) -> bool:
        """Save an MMS's attachments and take it; False when it was a repeat."""
        async with self._mms_lock:
            key = mms_key(message)
            if key is not None and self.ledger.knows(key):
                LOGGER.debug("Ignoring an MMS pushed again to %s", self._entry.title)
                return False
            received = message.date or dt_util.utcnow()
            parts = tuple(
                part for part in message.parts if part.content_type != "text/plain"
            )
            folder = media_folder(self._hass, self._mac)
            attachments: list[SavedAttachment]
            try:
                attachments = await self._hass.async_add_executor_job(
                    save_attachments, folder, parts, received
                )
            except (OSError, ValueError) as err:
                LOGGER.warning(
                    "Could not save the attachments of an MMS in %s: %s", folder, err
                )
                attachments = [
                    SavedAttachment(
                        part.content_type, part.filename or "", part.size, None
                    )
                    for part in parts
                ]
            event: PendingEvent = (
                EVENT_MMS_RECEIVED,
                mms_event_data(message, attachments),
            )
            op = self.ledger.take_other(key, event)
            self.commit([] if op is None else [op])
            return True

    @callback
    def async_add_report_listener(self, listener: ReportListener) -> CALLBACK_TYPE:
        """Call ``listener(reports)`` for every status report push, after taking it."""
        self._report_listeners.append(listener)

        @callback
        def remove() -> None:
            self._report_listeners.remove(listener)

        return remove

    # -------------------------------------------------- persisting, firing

    @callback
    def commit(self, ops: list[Op]) -> int:
        """Persist ``ops`` (already applied to the ledger), then fire what is new.

        Returns how many events the operations hold. Raises
        :class:`~.journal.JournalError` when the journal cannot be written: the
        ledger in memory is then ahead of the disk, so the entry is reloaded from
        the disk, and nothing of the batch counts as taken.
        """
        if self._failed:
            raise JournalError("The message journal failed; reloading")
        try:
            self.journal.append(ops)
        except JournalError as err:
            self._failed = True
            LOGGER.error(
                "Could not record messages of %s, reloading it: %s",
                self._entry.title,
                err,
            )
            self._hass.config_entries.async_schedule_reload(self._entry.entry_id)
            raise
        new = [op[2] for op in ops if op[0] == "new" and op[8] is not None]
        if self._started:
            self._fire(new)
        return len(new)

    @callback
    def _fire(self, numbers: Iterable[int]) -> None:
        """Fire the persisted events ``numbers`` in order; record them as fired soon."""
        take, fire = self.ledger.take_pending, self.events.fire_on_bus
        fired: list[PendingEvent] = []
        try:
            for n in numbers:
                # Taken out of memory now (the journal keeps it until the mark): a
                # burst of a thousand events held for a second is what makes
                # Python's collector walk all of Home Assistant's objects.
                if (pending := take(n)) is None:
                    continue
                # Each is taken just before it fires: should firing one raise, the
                # rest stay pending (and fire after the reload).
                self._unrecorded.add(n)
                fire(*pending)
                fired.append(pending)
        finally:
            if self._unrecorded and self._unsub_marks is None:
                self._unsub_marks = async_call_later(
                    self._hass, MARK_DELAY, self._async_marks_due
                )
            # The history and the event entity hear of a burst at once.
            self.events.tell(fired)

    @callback
    def _async_marks_due(self, _now: datetime) -> None:
        self._unsub_marks = None
        self._write_marks()

    @callback
    def _write_marks(self) -> None:
        """Record the events fired since the last record."""
        if self._unsub_marks is not None:
            self._unsub_marks()
            self._unsub_marks = None
        if not self._unrecorded:
            return
        fired, self._unrecorded = self._unrecorded, set()
        try:
            self.journal.append([self.ledger.fired(fired)])
        except JournalError as err:
            LOGGER.warning(
                "Could not record %s fired events of %s: %s",
                len(fired),
                self._entry.title,
                err,
            )

    def diagnostics(self) -> dict[str, Any]:
        """Return the intake's state, without message contents."""
        return {
            "remembered_messages": self.ledger.remembered,
            "pending_events": len(self.ledger.pending),
            "unrecorded_fired": len(self._unrecorded),
            "journal_unsynced": self.journal.unsynced,
            "journal_bytes_written": self.journal.bytes_written,
            "snapshot_bytes_written": self.journal.snapshot_bytes_written,
            "starting": self.starting,
        }
