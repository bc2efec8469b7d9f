"""Reading the gateway's inbox (``goip_get_sms.html``): the fallback to pushes.

The inbox is read from a cursor that the ledger keeps: slowly while push works,
every minute otherwise, once after every start (messages that came while Home
Assistant was down), and two seconds after a push that looked like a repeat. What
it lists goes through the receiver like a push; the cursor moves in the same
journal line as the messages it passes, so a crash cannot move it past a message
that was not recorded.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_time_interval

from .api import EjoinError
from .const import DOMAIN, INBOX_INTERVAL_POLL, INBOX_INTERVAL_PUSH, LOGGER
from .journal import JournalError

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from datetime import datetime

    from .api import EjoinClient, InboxPage
    from .data import EjoinConfigEntry
    from .receiver import MessageReceiver

#: Seconds before the inbox is read after a push that looked like a repeat: the
#: gateway may push a message before its inbox lists it.
RECHECK_DELAY: Final = 2.0


class InboxPoller:
    """Reads one gateway's inbox on a timer and on demand."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: EjoinConfigEntry,
        client: EjoinClient,
        receiver: MessageReceiver,
        *,
        enabled: bool,
    ) -> None:
        """Prepare reading (call :meth:`async_start`); ``enabled``: the option."""
        self._hass = hass
        self._entry = entry
        self._client = client
        self._receiver = receiver
        self.enabled = enabled
        #: Run when the inbox was numbered anew (the gateway restarted, and
        #: forgot where to push).
        self.on_renumbered: Callable[[], Coroutine[Any, Any, None]] | None = None
        self._lock = asyncio.Lock()
        self._push_working = False
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._unsub_recheck: CALLBACK_TYPE | None = None
        self._stopped = False

    async def async_start(self) -> None:
        """Start the timer and read what came while Home Assistant was down.

        The first read of a new gateway only records where its inbox ends (the
        messages before that were not for us), so it is awaited; the catch-up
        read of a known one runs in the background.
        """
        if not self.enabled:
            return
        self._restart_timer()
        if self._receiver.ledger.initialized:
            self._entry.async_create_background_task(
                self._hass, self.async_poll_quietly(), f"{DOMAIN} inbox catch-up"
            )
        else:
            await self.async_poll_quietly()

    @callback
    def async_stop(self) -> None:
        """Stop reading."""
        self._stopped = True
        for unsub in (self._unsub_timer, self._unsub_recheck):
            if unsub is not None:
                unsub()
        self._unsub_timer = self._unsub_recheck = None

    @callback
    def set_push_working(self, working: bool) -> None:
        """Read slowly while pushes bring the messages, every minute otherwise."""
        if working != self._push_working:
            self._push_working = working
            if self._unsub_timer is not None:
                self._restart_timer()

    @callback
    def _restart_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
        self._unsub_timer = async_track_time_interval(
            self._hass,
            self._async_on_timer,
            INBOX_INTERVAL_PUSH if self._push_working else INBOX_INTERVAL_POLL,
            name=f"{DOMAIN} inbox poll {self._entry.title}",
            cancel_on_shutdown=True,
        )

    @callback
    def schedule_recheck(self) -> None:
        """Read the inbox soon, after a push that looked like a repeat.

        A push carries no message id: a second SMS identical to one already
        fired (same text, sender, slot and second) looks like that one pushed
        again. The inbox lists the two under their own ids, so reading it now
        fires a real second message within seconds rather than at the next poll.
        """
        if not self.enabled or self._stopped or self._unsub_recheck is not None:
            return

        @callback
        def recheck(_now: datetime) -> None:
            self._unsub_recheck = None
            self._entry.async_create_background_task(
                self._hass, self.async_poll_quietly(), f"{DOMAIN} inbox recheck"
            )

        self._unsub_recheck = async_call_later(self._hass, RECHECK_DELAY, recheck)

    async def _async_on_timer(self, _now: datetime) -> None:
        await self.async_poll_quietly()

    async def async_poll_quietly(self) -> None:
        """Read the inbox; an unreachable gateway is the coordinator's to report.

        A journal that cannot be written is the receiver's (it logs and reloads).
        """
        if self._stopped:
            return
        try:
            await self.async_poll()
        except (EjoinError, JournalError) as err:
            LOGGER.debug("Inbox read of %s failed: %s", self._entry.title, err)

    async def async_poll(self) -> int:
        """Read the inbox from the cursor and take what is new; return how many.

        A new ``ssrc``, or a cursor past the gateway's own, means the gateway
        numbered its inbox anew (it restarted): it is read from the start, and
        the ledger tells the messages handled before from new ones.
        """
        async with self._lock:
            ledger = self._receiver.ledger
            if not ledger.initialized:
                page = await self._client.get_sms(start_id=1)
                ops = ledger.take_start(
                    [message.sms for message in page.messages],
                    ledger.id_scope(page.ssrc),
                    [message.id for message in page.messages],
                )
                ops.append(ledger.cursor(page.ssrc, _next_id(page, 1)))
                self._receiver.commit(ops)
                LOGGER.debug(
                    "Inbox of %s starts at %s", self._entry.title, ledger.next_id
                )
                return 0
            start = ledger.next_id or 1
            page = await self._client.get_sms(start_id=start)
            resync = page.ssrc != ledger.ssrc or (
                page.next_id is not None and page.next_id < start
            )
            if resync and start != 1:
                start = 1
                page = await self._client.get_sms(start_id=1)
            # From here to the commit nothing is awaited: the ledger changes in
            # memory and on disk together.
            ops = []
            if resync:
                LOGGER.debug(
                    "Inbox of %s was numbered anew (gateway restarted): reading it"
                    " again",
                    self._entry.title,
                )
                ops.append(ledger.cursor(page.ssrc, 1, renumbered=True))
            ops.extend(self._receiver.decide_page(page, resync=resync))
            ops.append(ledger.cursor(page.ssrc, _next_id(page, start)))
            new = self._receiver.commit(ops)
        if resync and self.on_renumbered is not None:
            self._entry.async_create_background_task(
                self._hass, self.on_renumbered(), f"{DOMAIN} push registration"
            )
        return new

    @callback
    def take_read(self, page: InboxPage) -> int:
        """Take the messages of an inbox read by an action; return how many were new.

        Only once the inbox has a starting point (or every old message of the
        gateway would fire); messages older than the horizon count as handled.
        """
        if not self._receiver.ledger.initialized:
            return 0
        return self._receiver.commit(self._receiver.decide_page(page, resync=True))


def _next_id(page: InboxPage, start: int) -> int:
    """Return the cursor after ``page``: ``next_sms``, else past its last message."""
    if page.next_id is not None:
        return page.next_id
    return max((message.id + 1 for message in page.messages), default=start)
