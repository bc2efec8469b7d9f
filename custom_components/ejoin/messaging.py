"""Messaging of one gateway: webhook, pushes, inbox polling, sending and MMS.

One :class:`EjoinMessaging` per config entry. It

* registers the entry's webhook and parses every push with the client library's
  :func:`~.api.parse_push`: ``dev-status``/``port-status`` go to the coordinator,
  ``recv-sms`` and the "SMS to HTTP" push to the inbox path, ``status-report`` to
  ``ejoin_sms_sent`` events and waiting sends, an MMS to the media folder;
* points the gateway's status push and SMS push at that webhook (push option on), and
  raises a repair issue when Home Assistant has no URL the gateway could use;
* polls the inbox (``goip_get_sms.html``) as a fallback: slowly while push works,
  every minute otherwise, and once after every start;
* feeds every received message, pushed or polled, through one path that fires each
  exactly once (:class:`~.inbox.MessageLedger`);
* sends SMS/MMS tasks with task ids that never repeat, and waits for their outcomes
  when asked to.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from http import HTTPStatus
import logging
import time
from typing import TYPE_CHECKING, Any, Final

from aiohttp import hdrs
from aiohttp.web import Request, Response
from homeassistant.components import webhook
from homeassistant.core import CALLBACK_TYPE, CoreState, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.helpers.network import NoURLAvailableError, get_url
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .api import (
    DevStatusPush,
    EjoinClient,
    EjoinConnectionError,
    EjoinError,
    EjoinRefusedError,
    EjoinResponseError,
    InboxPage,
    MmsMessage,
    MmsPush,
    PortStatusPush,
    ReceivedSms,
    ReceivedSmsPush,
    RecipientOutcome,
    SmsTask,
    StatusReport,
    StatusReportPush,
    TaskResult,
    TaskStatusCode,
    parse_push,
)
from .const import (
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DEVICE_ID,
    ATTR_MAC,
    CONF_INBOX_POLLING,
    CONF_PUSH,
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_LOCAL_ONLY,
    DEFAULT_INBOX_POLLING,
    DEFAULT_PUSH,
    DEFAULT_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
    EVENT_DELIVERY_REPORT,
    EVENT_MMS_RECEIVED,
    EVENT_SMS_RECEIVED,
    EVENT_SMS_SENT,
    EVENT_TYPE_DELIVERY_REPORT,
    EVENT_TYPE_MMS_RECEIVED,
    EVENT_TYPE_SMS_RECEIVED,
    INBOX_INTERVAL_POLL,
    INBOX_INTERVAL_PUSH,
    LOGGER,
    STATUS_INTERVAL_POLL,
    STATUS_INTERVAL_PUSH,
    STATUS_PUSH_PERIOD,
    WEBHOOK_MAX_BODY,
)
from .entity import gateway_device_info
from .inbox import MessageLedger
from .mms import SavedAttachment, media_folder, save_attachments

if TYPE_CHECKING:
    from .data import EjoinConfigEntry

#: Status reports are pushed at most this many seconds after an outcome (sr_prd)...
REPORT_PERIOD: Final = 1
#: ... or as soon as this many outcomes of a task are waiting (sr_cnt).
REPORT_BATCH: Final = 10
#: The gateway's default time to wait for one SMS's sending result (tmo).
DEFAULT_SEND_TIMEOUT: Final = 30
#: Upper bound of a ``wait: true`` send, and the slack added to the computed wait.
MAX_WAIT: Final = 300.0
WAIT_MARGIN: Final = 10.0
#: Re-register the status push when none arrived for this long (3 periods).
PUSH_SILENCE: Final = timedelta(seconds=3 * STATUS_PUSH_PERIOD)
_READ_CHUNK: Final = 64 * 1024
#: Seconds before the inbox is read after a push that looked like a repeat: the
#: gateway may push a message before its inbox lists it.
RECHECK_DELAY: Final = 2.0
#: Pushes bigger than this are parsed in the executor.
_PARSE_IN_EXECUTOR: Final = 64 * 1024

ISSUE_NO_URL: Final = "no_webhook_url"

type MessageListener = Callable[[str, dict[str, Any]], None]


def _iso(value: datetime | None) -> str:
    """Return an ISO 8601 UTC timestamp; now when the gateway gave none."""
    return (value or dt_util.utcnow()).astimezone(dt_util.UTC).isoformat()


def _iso_or_none(value: datetime | None) -> str | None:
    """Return an ISO 8601 UTC timestamp, or None."""
    return None if value is None else value.astimezone(dt_util.UTC).isoformat()


def sms_event_data(sms: ReceivedSms) -> dict[str, Any]:
    """Return the ``ejoin_sms_received`` fields of a message (without the ids)."""
    slot = sms.slot
    return {
        "slot": None if slot is None else str(slot),
        "port": None if slot is None else slot.port,
        "slot_index": None if slot is None else slot.slot,
        "sender": sms.sender,
        "recipient": sms.recipient,
        "text": sms.text,
        "received_at": _iso(sms.received_at),
    }


def delivery_event_data(sms: ReceivedSms) -> dict[str, Any]:
    """Return the ``ejoin_delivery_report`` fields of a report (without the ids)."""
    return {
        "slot": None if sms.slot is None else str(sms.slot),
        "recipient": sms.recipient,
        "delivered": bool(sms.delivered),
        "code": sms.report_code,
        "scts": sms.scts,
        "received_at": _iso(sms.received_at),
    }


def outcome_data(outcome: RecipientOutcome) -> dict[str, Any]:
    """Return the ``ejoin_sms_sent`` fields of one recipient outcome."""
    return {
        "tid": outcome.tid,
        "index": outcome.index,
        "number": outcome.number,
        "slot": None if outcome.slot is None else str(outcome.slot),
        "sent_at": _iso_or_none(outcome.sent_at),
        "success": outcome.success,
        "reason": outcome.reason,
        "carrier_reason": outcome.carrier_reason,
    }


def task_result_data(result: TaskResult) -> dict[str, Any]:
    """Return ``{"tid", "status_code", "status"}`` of a task reply."""
    return {"tid": result.tid, "status_code": result.code, "status": result.reason}


@dataclass(slots=True)
class _TaskWaiter:
    """Collects the outcomes of one sent task until every recipient has one."""

    tid: int
    numbers: tuple[str, ...]
    outcomes: list[RecipientOutcome] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, report: StatusReport) -> None:
        """Take a report; done when all recipients are covered or nothing is left."""
        self.outcomes.extend(report.outcomes)
        finished = (
            report.sending == 0
            and report.unsent == 0
            and (report.sent or 0) + (report.failed or 0) > 0
        )
        if finished or self._covered():
            self.done.set()

    def _covered(self) -> bool:
        """Return True when every recipient has an outcome."""
        missing = Counter(self.numbers)
        missing.subtract(outcome.number for outcome in self.outcomes if outcome.number)
        if all(count <= 0 for count in missing.values()):
            return True
        # A gateway that rewrites numbers: count outcomes instead.
        return len({outcome.index for outcome in self.outcomes}) >= len(self.numbers)

    def results(self) -> list[dict[str, Any]]:
        """Return one result per recipient, in the order given.

        A recipient's outcome is found by its number (a success wins over a failure
        when the gateway sent from several ports), else the remaining outcomes are
        handed out in index order. ``success`` is None when no outcome came.
        """
        pool = sorted(
            self.outcomes,
            key=lambda outcome: (not outcome.success, outcome.index or 0),
        )
        chosen: list[RecipientOutcome | None] = []
        for number in self.numbers:
            match = next((item for item in pool if item.number == number), None)
            if match is not None:
                pool = [item for item in pool if item.number != number or item is match]
                pool.remove(match)
            chosen.append(match)
        leftovers = sorted(
            (item for item in pool if item.number not in self.numbers),
            key=lambda outcome: outcome.index or 0,
        )
        results: list[dict[str, Any]] = []
        for number, found in zip(self.numbers, chosen, strict=True):
            match = found
            if match is None and leftovers:
                match = leftovers.pop(0)
            if match is None:
                results.append(
                    {
                        "tid": self.tid,
                        "index": None,
                        "number": number,
                        "slot": None,
                        "sent_at": None,
                        "success": None,
                        "reason": None,
                        "carrier_reason": None,
                    }
                )
            else:
                results.append(outcome_data(match) | {"number": number})
        return results


class EjoinMessaging:
    """Receives the gateway's pushes, polls its inbox and sends messages."""

    def __init__(
        self, hass: HomeAssistant, entry: EjoinConfigEntry, ledger: MessageLedger
    ) -> None:
        """Prepare messaging for a loaded entry (call :meth:`async_start`)."""
        self.hass = hass
        self.entry = entry
        self.client: EjoinClient = entry.runtime_data.client
        self.coordinator = entry.runtime_data.coordinator
        self.ledger = ledger
        self.mac: str = entry.unique_id or self.coordinator.data.mac or entry.entry_id
        self.webhook_id: str = entry.data.get(CONF_WEBHOOK_ID) or ""
        self.device_id: str = ""
        self.push_enabled: bool = entry.options.get(CONF_PUSH, DEFAULT_PUSH)
        self.polling_enabled: bool = entry.options.get(
            CONF_INBOX_POLLING, DEFAULT_INBOX_POLLING
        )
        #: The webhook URL the gateway is told; None when none can be built.
        self.webhook_url: str | None = None
        #: True while the gateway accepted our push registration.
        self.push_active = False
        self._listeners: list[MessageListener] = []
        self._waiters: dict[int, _TaskWaiter] = {}
        self._poll_lock = asyncio.Lock()
        self._push_lock = asyncio.Lock()
        self._unsub_poll: CALLBACK_TYPE | None = None
        self._unsub_recheck: CALLBACK_TYPE | None = None
        self._unsub_watchdog: CALLBACK_TYPE | None = None
        self._unsub_started: CALLBACK_TYPE | None = None
        self._last_status_push: float | None = None
        self._registered_at: float | None = None
        #: True once a failed push registration was logged as a warning.
        self._push_failure_reported = False
        self._started = False
        self._closed = False
        #: Events held back until Home Assistant has started (None: fire at once).
        self._deferred: (
            list[tuple[str, dict[str, Any], str | None, dict[str, Any] | None]] | None
        ) = None

    # ------------------------------------------------------------ lifecycle

    async def async_start(self) -> None:
        """Register the webhook, point the gateway at it and start polling."""
        hass, entry = self.hass, self.entry
        if not self.webhook_id:
            self.webhook_id = webhook.async_generate_id()
            hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_WEBHOOK_ID: self.webhook_id}
            )
        if hass.state is not CoreState.running:
            self._deferred = []
            self._unsub_started = async_at_started(hass, self._async_release_events)
        device = dr.async_get(hass).async_get_or_create(
            config_entry_id=entry.entry_id, **gateway_device_info(self.coordinator)
        )
        self.device_id = device.id
        webhook.async_register(
            hass,
            DOMAIN,
            entry.title,
            self.webhook_id,
            self._async_handle_webhook,
            local_only=entry.options.get(
                CONF_WEBHOOK_LOCAL_ONLY, DEFAULT_WEBHOOK_LOCAL_ONLY
            ),
            allowed_methods=[hdrs.METH_POST],
        )
        entry.async_on_unload(self._async_stop)
        self.webhook_url = webhook_push_url(hass, entry)
        issue_id = f"{ISSUE_NO_URL}_{entry.entry_id}"
        if self.push_enabled and self.webhook_url is None:
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="no_webhook_url",
                translation_placeholders={"title": entry.title},
            )
        else:
            ir.async_delete_issue(hass, DOMAIN, issue_id)

        if self.push_enabled and self.webhook_url is not None:
            await self._async_register_push(self.webhook_url)
        elif self.ledger.push_url is not None:
            await self._async_unregister_push()
        self._apply_intervals()
        self._started = True
        if self.push_enabled:
            self._unsub_watchdog = async_track_time_interval(
                hass,
                self._async_push_watchdog,
                PUSH_SILENCE,
                name=f"{DOMAIN} push watchdog {entry.title}",
                cancel_on_shutdown=True,
            )

        if self.polling_enabled:
            if self.ledger.initialized:
                # Messages that arrived while Home Assistant was stopped.
                entry.async_create_task(
                    hass, self._async_poll_quietly(), f"{DOMAIN} inbox catch-up"
                )
            else:
                await self._async_poll_quietly()

    async def async_unload(self) -> None:
        """Stop receiving, release waiting sends and write the ledger."""
        self._async_stop()
        await self.ledger.async_save()

    @callback
    def _async_stop(self) -> None:
        """Unregister the webhook and the timers (also when setup fails)."""
        self._closed = True
        webhook.async_unregister(self.hass, self.webhook_id)
        for unsub in (
            self._unsub_poll,
            self._unsub_watchdog,
            self._unsub_started,
            self._unsub_recheck,
        ):
            if unsub is not None:
                unsub()
        self._unsub_poll = self._unsub_watchdog = self._unsub_started = None
        self._unsub_recheck = None
        # Unloaded during the start: what was received is not kept from the bus.
        self._async_release_events()
        for waiter in self._waiters.values():
            waiter.done.set()

    def _apply_intervals(self) -> None:
        """Poll status and inbox slowly while push works, every so often otherwise."""
        working = self.push_enabled and self.push_active
        self.coordinator.update_interval = (
            STATUS_INTERVAL_PUSH if working else STATUS_INTERVAL_POLL
        )
        if not self.polling_enabled:
            return
        if self._unsub_poll is not None:
            self._unsub_poll()
        self._unsub_poll = async_track_time_interval(
            self.hass,
            self._async_on_poll_timer,
            INBOX_INTERVAL_PUSH if working else INBOX_INTERVAL_POLL,
            name=f"{DOMAIN} inbox poll {self.entry.title}",
            cancel_on_shutdown=True,
        )

    # ------------------------------------------------------- push settings

    async def _async_register_push(self, url: str) -> None:
        """Point the gateway's status push and SMS push at ``url`` (the webhook)."""
        async with self._push_lock:
            try:
                await self.client.register_status_push(url, STATUS_PUSH_PERIOD)
                current = await self._async_current_sms_url()
                if current != url:
                    # Saved, or a gateway reboot would forget it (op=set is RAM only).
                    await self.client.set_sms_url(url, save=True)
            except EjoinError as err:
                # One line per failure streak, and none while the gateway is
                # unreachable or broken anyway: the coordinator reports that.
                warn = not self._push_failure_reported and (
                    self.coordinator.last_update_success
                    and not isinstance(err, EjoinConnectionError)
                )
                LOGGER.log(
                    logging.WARNING if warn else logging.DEBUG,
                    "Could not set the push target of %s to %s, polling instead: %s",
                    self.entry.title,
                    url,
                    err,
                )
                self._push_failure_reported |= warn
                self._set_push_active(active=False)
                return
            if self._push_failure_reported:
                self._push_failure_reported = False
                LOGGER.info("Gateway %s pushes to Home Assistant again", self.mac)
            LOGGER.debug("Gateway %s pushes to %s", self.entry.title, url)
            self._registered_at = time.monotonic()
            self._set_push_active(active=True)
            if self.ledger.push_url != url:
                self.ledger.push_url = url
                self.ledger.async_schedule_save()

    def _set_push_active(self, *, active: bool) -> None:
        """Note whether push works; the poll intervals follow once started."""
        if active == self.push_active:
            return
        self.push_active = active
        if self._started:
            self._apply_intervals()

    async def _async_current_sms_url(self) -> str | None:
        """Return the gateway's SMS push URL, None when it cannot be read."""
        try:
            values = await self.client.get_parameters("sms_url")
        except (EjoinRefusedError, EjoinResponseError) as err:
            LOGGER.debug("Could not read sms_url: %s", err)
            return None
        return values.get("sms_url")

    async def _async_unregister_push(self) -> None:
        """Stop the pushes set up earlier (push was turned off)."""
        previous = self.ledger.push_url
        await async_stop_gateway_pushes(self.client, previous)
        self.ledger.push_url = None
        self.ledger.async_schedule_save()

    async def _async_push_watchdog(self, _now: datetime) -> None:
        """Register again when the gateway stopped pushing (e.g. after a reboot)."""
        url = self.webhook_url
        if self._closed or url is None:
            return
        now = time.monotonic()
        silence = PUSH_SILENCE.total_seconds()
        last = self._last_status_push or self._registered_at or 0.0
        if self.push_active and now - last < silence:
            return
        LOGGER.debug("No status push from %s for a while: registering again", self.mac)
        await self._async_register_push(url)

    # -------------------------------------------------------------- webhook

    async def _async_handle_webhook(
        self, hass: HomeAssistant, webhook_id: str, request: Request
    ) -> Response:
        """Take one push from the gateway."""
        length = getattr(request, "content_length", None)
        if length is not None and length > WEBHOOK_MAX_BODY:
            LOGGER.debug("Refusing a %s byte push to %s", length, self.entry.title)
            return Response(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        stream = request.content
        chunks: list[bytes] = []
        size = 0
        while chunk := await stream.read(_READ_CHUNK):
            size += len(chunk)
            if size > WEBHOOK_MAX_BODY:
                LOGGER.debug("Refusing an oversized push to %s", self.entry.title)
                return Response(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            chunks.append(chunk)
        body = b"".join(chunks)
        content_type = request.headers.get(hdrs.CONTENT_TYPE, "")
        query = request.query
        try:
            if len(body) > _PARSE_IN_EXECUTOR:
                # A big MMS takes the MIME parser a while: not on the event loop.
                push = await hass.async_add_executor_job(
                    parse_push, body, content_type, dict(request.headers), dict(query)
                )
            else:
                push = parse_push(body, content_type, request.headers, query)
        except EjoinResponseError as err:
            LOGGER.debug(
                "Ignoring an unreadable push to %s (%s): %s",
                self.entry.title,
                content_type or "no content type",
                err,
            )
            return Response(status=HTTPStatus.BAD_REQUEST)
        if isinstance(push, MmsPush):
            await self._async_handle_mms(push.message)
            return Response(status=HTTPStatus.OK)
        estimated = isinstance(push, ReceivedSmsPush) and (
            content_type.split(";", 1)[0].strip().lower() == "application/octet-stream"
            or "sender" in query
            or "port" in query
        )
        if not self.async_handle_push(push, estimated_time=estimated):
            return Response(status=HTTPStatus.BAD_REQUEST)
        return Response(status=HTTPStatus.OK)

    @callback
    def async_handle_push(
        self,
        push: DevStatusPush | PortStatusPush | ReceivedSmsPush | StatusReportPush,
        *,
        estimated_time: bool = False,
    ) -> bool:
        """Act on a parsed push; False when it is not this gateway's."""
        if isinstance(push, DevStatusPush):
            if push.status.mac is not None and push.status.mac != self.mac:
                LOGGER.debug("Ignoring a status push from %s", push.status.mac)
                return False
            self._last_status_push = time.monotonic()
            self.coordinator.async_set_device_status(push.status)
        elif isinstance(push, PortStatusPush):
            self.coordinator.async_set_slot_status(push.slot)
        elif isinstance(push, ReceivedSmsPush):
            if push.mac is not None and push.mac != self.mac:
                LOGGER.debug("Ignoring an SMS push from %s", push.mac)
                return False
            self.async_ingest(push.messages, estimated_time=estimated_time)
        else:
            self._handle_status_reports(push.reports)
        return True

    # ------------------------------------------------------ incoming messages

    @callback
    def async_add_listener(self, listener: MessageListener) -> CALLBACK_TYPE:
        """Call ``listener(event_type, data)`` for every new message."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    @callback
    def _fire(
        self,
        event: str,
        event_data: dict[str, Any],
        event_type: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Fire a bus event and show it on the event entity.

        While Home Assistant is still starting, automations do not listen yet: the
        events wait until it has started (messages that arrived while it was
        stopped are read during the start).
        """
        if self._deferred is not None:
            self._deferred.append((event, event_data, event_type, data))
            return
        self.hass.bus.async_fire(event, event_data)
        if event_type is not None and data is not None:
            for listener in self._listeners:
                listener(event_type, data)

    @callback
    def _async_release_events(self, _hass: HomeAssistant | None = None) -> None:
        """Fire the events held back during the start."""
        deferred, self._deferred = self._deferred, None
        for item in deferred or ():
            self._fire(*item)

    def _base_data(self) -> dict[str, Any]:
        """Return the fields every event carries."""
        return {
            ATTR_CONFIG_ENTRY_ID: self.entry.entry_id,
            ATTR_DEVICE_ID: self.device_id,
            ATTR_MAC: self.mac,
        }

    @callback
    def async_ingest(
        self,
        messages: tuple[ReceivedSms, ...],
        *,
        ssrc: str | None = None,
        ids: tuple[int, ...] | None = None,
        estimated_time: bool = False,
        resync: bool = False,
    ) -> int:
        """Fire the events of the messages not seen before; return how many."""
        fired = 0
        base = self._base_data()
        # One push or page is decided as a whole: identical messages in it are
        # told apart by how often they occur.
        decisions = self.ledger.accept_batch(
            messages,
            ssrc=ssrc,
            ids=ids,
            estimated_time=estimated_time,
            resync=resync,
        )
        if ids is None and not all(decisions):
            self._async_schedule_recheck()
        for sms, new in zip(messages, decisions, strict=True):
            if not new:
                continue
            fired += 1
            if sms.is_delivery_report:
                event, event_type = EVENT_DELIVERY_REPORT, EVENT_TYPE_DELIVERY_REPORT
                data = delivery_event_data(sms)
            else:
                event, event_type = EVENT_SMS_RECEIVED, EVENT_TYPE_SMS_RECEIVED
                data = sms_event_data(sms)
            self._fire(event, base | data, event_type, data)
        if messages:
            self.ledger.async_schedule_save()
        return fired

    @callback
    def _async_schedule_recheck(self) -> None:
        """Read the inbox soon, after a push that looked like a repeat.

        A push carries no message id: a second SMS identical to one already
        fired (same text, sender, slot and second) looks like that one pushed
        again. The inbox lists the two under their own ids, so reading it now
        fires a real second message within seconds rather than at the next poll.
        """
        if not self.polling_enabled or self._unsub_recheck is not None:
            return

        @callback
        def recheck(_now: datetime) -> None:
            self._unsub_recheck = None
            self.entry.async_create_background_task(
                self.hass, self._async_poll_quietly(), f"{DOMAIN} inbox recheck"
            )

        self._unsub_recheck = async_call_later(self.hass, RECHECK_DELAY, recheck)

    @callback
    def async_ingest_page(self, page: InboxPage, *, resync: bool) -> int:
        """Fire the new messages of an inbox page."""
        return self.async_ingest(
            tuple(message.sms for message in page.messages),
            ssrc=self.ledger.id_scope(page.ssrc),
            ids=tuple(message.id for message in page.messages),
            resync=resync,
        )

    @callback
    def async_ingest_inbox_read(self, page: InboxPage) -> int:
        """Fire the new messages of an inbox read by an action.

        Only once the inbox has a starting point (or the gateway's old messages
        would all fire); messages older than the horizon count as handled.
        """
        if not self.ledger.initialized:
            return 0
        return self.async_ingest_page(page, resync=True)

    async def _async_on_poll_timer(self, _now: datetime) -> None:
        """Poll the inbox on the timer."""
        await self._async_poll_quietly()

    async def _async_poll_quietly(self) -> None:
        """Poll the inbox; an unreachable gateway is the coordinator's to report."""
        if self._closed:
            return
        try:
            await self.async_poll_inbox()
        except EjoinError as err:
            LOGGER.debug("Inbox poll of %s failed: %s", self.entry.title, err)

    async def async_poll_inbox(self) -> int:
        """Read the inbox from the cursor and fire what is new; return how many.

        The first read of a new entry only records where the inbox ends. A new
        ``ssrc`` means the gateway restarted and numbered its inbox from 1 again:
        it is read from the start, and the ledger drops what was already fired.
        """
        async with self._poll_lock:
            ledger = self.ledger
            if not ledger.initialized:
                page = await self.client.get_sms(start_id=1)
                for message in page.messages:
                    ledger.accept(
                        message.sms,
                        ssrc=ledger.id_scope(page.ssrc),
                        message_id=message.id,
                    )
                    if message.sms.received_at is not None:
                        ledger.raise_horizon(message.sms.received_at.timestamp())
                ledger.set_cursor(page.ssrc, _next_id(page, 1))
                await ledger.async_save()
                LOGGER.debug(
                    "Inbox of %s starts at %s", self.entry.title, ledger.next_id
                )
                return 0
            start = ledger.next_id or 1
            page = await self.client.get_sms(start_id=start)
            resync = page.ssrc != ledger.ssrc or (
                page.next_id is not None and page.next_id < start
            )
            if resync:
                LOGGER.debug(
                    "Inbox of %s was renumbered (gateway restarted): reading it again",
                    self.entry.title,
                )
                ledger.renumber(page.ssrc)
                if start != 1:
                    start = 1
                    page = await self.client.get_sms(start_id=1)
                if self.push_enabled and self.webhook_url is not None:
                    self.entry.async_create_background_task(
                        self.hass,
                        self._async_register_push(self.webhook_url),
                        f"{DOMAIN} push registration",
                    )
            fired = self.async_ingest_page(page, resync=resync)
            ledger.set_cursor(page.ssrc, _next_id(page, start))
            ledger.async_schedule_save()
            return fired

    # -------------------------------------------------------------- sending

    async def async_send(self, template: SmsTask, *, wait: bool) -> dict[str, Any]:
        """Send ``template`` under a fresh task id; return the action response.

        The id is stored before the request, so it is never used twice. The task
        asks for every recipient's outcome (``sdr`` and ``fdr``), reported within
        :data:`REPORT_PERIOD` seconds to the webhook. When the connection breaks,
        the same request is sent once more: the gateway answers 13 (Duplicated
        TaskId) if the first one got through, which counts as sent. Raises
        :class:`EjoinRefusedError` when the gateway refuses the task.
        """
        (tid,) = self.ledger.reserve_tids(1)
        await self.ledger.async_save()
        task = replace(
            template,
            tid=tid,
            report_success=True,
            report_failure=True,
            sr_prd=REPORT_PERIOD,
            sr_cnt=max(1, min(len(template.to), REPORT_BATCH)),
        )
        waiter = _TaskWaiter(tid, task.to) if wait else None
        if waiter is not None:
            self._waiters[tid] = waiter
        try:
            result = await self._async_submit(task)
            if not result.ok:
                raise EjoinRefusedError(result.code, result.reason)
            response: dict[str, Any] = {"tasks": [task_result_data(result)]}
            if waiter is not None:
                try:
                    async with asyncio.timeout(_wait_limit(task)):
                        await waiter.done.wait()
                except TimeoutError:
                    LOGGER.debug(
                        "Task %s of %s still has recipients pending", tid, self.mac
                    )
                response["results"] = waiter.results()
            return response
        finally:
            self._waiters.pop(tid, None)

    async def _async_submit(self, task: SmsTask) -> TaskResult:
        """Submit a task, retrying once with the same id after a broken connection."""
        url = self.webhook_url
        options: dict[str, Any] = {
            "sr_url": url,
            "sr_cnt": REPORT_BATCH,
            "sr_prd": REPORT_PERIOD,
        }
        if self.push_active:
            options["sms_url"] = url
        try:
            results = await self.client.send_sms(task, **options)
        except EjoinConnectionError as err:
            LOGGER.debug("Sending task %s failed (%s), sending it again", task.tid, err)
            results = await self.client.send_sms(task, **options)
            result = _result_for(results, task.tid)
            if result.code == TaskStatusCode.DUPLICATED_TASK_ID:
                # The first request got through: the gateway has the task.
                return TaskResult(task.tid, 0, "OK")
            return result
        return _result_for(results, task.tid)

    @callback
    def _handle_status_reports(self, reports: tuple[StatusReport, ...]) -> None:
        """Fire ``ejoin_sms_sent`` per outcome and settle waiting sends."""
        base = self._base_data()
        for report in reports:
            for outcome in report.outcomes:
                self._fire(EVENT_SMS_SENT, base | outcome_data(outcome))
            if (waiter := self._waiters.get(report.tid)) is not None:
                waiter.add(report)

    # ------------------------------------------------------------------ MMS

    async def _async_handle_mms(self, message: MmsMessage) -> None:
        """Save the attachments of a received MMS and fire its event, once."""
        if not self.ledger.accept_mms(message):
            LOGGER.debug("Ignoring an MMS pushed again by %s", self.entry.title)
            return
        self.ledger.async_schedule_save()
        received = message.date or dt_util.utcnow()
        parts = tuple(
            part for part in message.parts if part.content_type != "text/plain"
        )
        folder = media_folder(self.hass, self.mac)
        attachments: list[SavedAttachment]
        try:
            attachments = await self.hass.async_add_executor_job(
                save_attachments, folder, parts, received
            )
        except (OSError, ValueError) as err:
            LOGGER.warning(
                "Could not save the attachments of an MMS in %s: %s", folder, err
            )
            attachments = [
                SavedAttachment(part.content_type, part.filename or "", part.size, None)
                for part in parts
            ]
        data = {
            "sender": message.sender,
            "recipient": message.recipient,
            "subject": message.subject,
            "text": message.text,
            "date": _iso(message.date),
            "attachments": [
                {
                    "content_type": item.content_type,
                    "filename": item.filename,
                    "size": item.size,
                    "path": item.path,
                }
                for item in attachments
            ],
        }
        self._fire(
            EVENT_MMS_RECEIVED, self._base_data() | data, EVENT_TYPE_MMS_RECEIVED, data
        )


def _next_id(page: InboxPage, start: int) -> int:
    """Return the cursor after ``page``: ``next_sms``, else past its last message."""
    if page.next_id is not None:
        return page.next_id
    return max((message.id + 1 for message in page.messages), default=start)


def _result_for(results: tuple[TaskResult, ...], tid: int) -> TaskResult:
    """Return the reply's result of task ``tid``."""
    for result in results:
        if result.tid == tid:
            return result
    if len(results) == 1:
        return results[0]
    raise EjoinResponseError(f"The gateway's reply names no result for task {tid}")


def _wait_limit(task: SmsTask) -> float:
    """Return how long a ``wait`` send waits for every recipient's outcome."""
    per_recipient = (task.timeout_s or DEFAULT_SEND_TIMEOUT) + (
        task.interval_ms or 0
    ) / 1000
    return min(MAX_WAIT, WAIT_MARGIN + REPORT_PERIOD + per_recipient * len(task.to))


async def async_stop_gateway_pushes(client: EjoinClient, url: str | None) -> None:
    """Cancel the status push and clear our SMS push URL; the gateway may be gone."""
    try:
        await client.cancel_status_push()
        if url is not None:
            values = await client.get_parameters("sms_url")
            if values.get("sms_url") == url:
                await client.set_sms_url("", save=True)
    except EjoinError as err:
        LOGGER.debug("Could not stop the pushes of %s: %s", client.host, err)


async def async_setup_messaging(
    hass: HomeAssistant, entry: EjoinConfigEntry
) -> EjoinMessaging:
    """Start messaging for a gateway."""
    ledger = MessageLedger(hass, entry.entry_id)
    await ledger.async_load()
    messaging = EjoinMessaging(hass, entry, ledger)
    await messaging.async_start()
    return messaging


async def async_remove_messaging(
    hass: HomeAssistant, entry: EjoinConfigEntry, client: EjoinClient
) -> None:
    """Stop the gateway's pushes and forget the entry's ledger when it is deleted."""
    ledger = MessageLedger(hass, entry.entry_id)
    await ledger.async_load()
    await async_stop_gateway_pushes(client, ledger.push_url)
    await ledger.async_remove()
    ir.async_delete_issue(hass, DOMAIN, f"{ISSUE_NO_URL}_{entry.entry_id}")


def webhook_push_url(hass: HomeAssistant, entry: EjoinConfigEntry) -> str | None:
    """Return the URL the gateway pushes to, or None when none can be built.

    The options' base URL wins; else Home Assistant's own URL, the local one
    first (the gateway is usually on the local network).
    """
    webhook_id = entry.data.get(CONF_WEBHOOK_ID)
    if not webhook_id:
        return None
    path = webhook.async_generate_path(webhook_id)
    if base := entry.options.get(CONF_WEBHOOK_BASE_URL):
        return f"{str(base).rstrip('/')}{path}"
    try:
        base = get_url(hass, allow_cloud=False, prefer_external=False)
    except NoURLAvailableError:
        return None
    return f"{base}{path}"
