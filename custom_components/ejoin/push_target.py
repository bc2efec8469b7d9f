"""Where the gateway pushes: registering the webhook URL with it, and keeping it there.

With push on, the gateway's status push (``goip_get_status.html?url=...``) and SMS
push (``sms_url``) point at the entry's webhook. A gateway forgets the status push
when it restarts, so a watchdog registers again after three silent push periods.
When Home Assistant has no URL the gateway could use, a repair issue says so and
the gateway is polled instead.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
import logging
import time
from typing import TYPE_CHECKING, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_time_interval

from .api import EjoinConnectionError, EjoinError, EjoinRefusedError, EjoinResponseError
from .const import CONF_PUSH, DEFAULT_PUSH, DOMAIN, LOGGER, STATUS_PUSH_PERIOD
from .webhook import masked_url, webhook_push_url

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from .api import EjoinClient
    from .coordinator import EjoinCoordinator
    from .data import EjoinConfigEntry
    from .receiver import MessageReceiver

#: Register again when no status push came for this long (three periods).
PUSH_SILENCE: Final = timedelta(seconds=3 * STATUS_PUSH_PERIOD)
ISSUE_NO_URL: Final = "no_webhook_url"


class PushTarget:
    """Points one gateway's pushes at its webhook, and notices when they stop."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: EjoinConfigEntry,
        client: EjoinClient,
        coordinator: EjoinCoordinator,
        receiver: MessageReceiver,
    ) -> None:
        """Prepare the push target (call :meth:`async_start`)."""
        self._hass = hass
        self._entry = entry
        self._client = client
        self._coordinator = coordinator
        self._receiver = receiver
        self.enabled: bool = entry.options.get(CONF_PUSH, DEFAULT_PUSH)
        #: The webhook URL the gateway is told; None when none can be built.
        self.url: str | None = webhook_push_url(hass, entry)
        #: True while the gateway accepted our registration.
        self.active = False
        self._listeners: list[Callable[[bool], None]] = []
        self._lock = asyncio.Lock()
        self._last_status_push: float | None = None
        self._registered_at: float | None = None
        #: True once a failed registration was logged as a warning.
        self._failure_reported = False
        self._unsub_watchdog: CALLBACK_TYPE | None = None

    async def async_start(self) -> None:
        """Register with the gateway (push on) or take back an old registration."""
        issue_id = f"{ISSUE_NO_URL}_{self._entry.entry_id}"
        if self.enabled and self.url is None:
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_NO_URL,
                translation_placeholders={"title": self._entry.title},
            )
        else:
            ir.async_delete_issue(self._hass, DOMAIN, issue_id)
        if self.enabled and self.url is not None:
            await self.async_register()
            self._unsub_watchdog = async_track_time_interval(
                self._hass,
                self._async_watchdog,
                PUSH_SILENCE,
                name=f"{DOMAIN} push watchdog {self._entry.title}",
                cancel_on_shutdown=True,
            )
        elif self._receiver.ledger.push_url is not None:
            await async_stop_gateway_pushes(
                self._client, self._receiver.ledger.push_url
            )
            self._receiver.commit([self._receiver.ledger.apply(["push_url", None])])

    @callback
    def async_stop(self) -> None:
        """Stop the watchdog."""
        if self._unsub_watchdog is not None:
            self._unsub_watchdog()
            self._unsub_watchdog = None

    @callback
    def async_add_listener(self, listener: Callable[[bool], None]) -> None:
        """Call ``listener(active)`` now and whenever push starts or stops working."""
        self._listeners.append(listener)
        listener(self.active)

    @callback
    def note_status_push(self) -> None:
        """Note that a status push arrived: the gateway pushes to us."""
        self._last_status_push = time.monotonic()

    async def async_register(self) -> None:
        """Point the gateway's status push and SMS push at the webhook."""
        url = self.url
        if not self.enabled or url is None:
            # Push is off: a gateway that restarted must not be pointed at us.
            return
        async with self._lock:
            try:
                # The current slot of each port: what changes all the time. Any
                # slot's change comes as a port-status push, and the poll reads
                # every slot; a full 512 x 32 status would be a 5 MB push a minute.
                await self._client.register_status_push(
                    url, STATUS_PUSH_PERIOD, all_slots=False
                )
                if await self._current_sms_url() != url:
                    # Saved, or a gateway reboot would forget it (op=set is RAM only).
                    await self._client.set_sms_url(url, save=True)
            except EjoinError as err:
                # One line per failure streak, and none while the gateway is
                # unreachable or broken anyway: the coordinator reports that.
                warn = not self._failure_reported and (
                    self._coordinator.last_update_success
                    and not isinstance(err, EjoinConnectionError)
                )
                LOGGER.log(
                    logging.WARNING if warn else logging.DEBUG,
                    "Could not set the push target of %s to %s, polling instead: %s",
                    self._entry.title,
                    masked_url(url),
                    err,
                )
                self._failure_reported |= warn
                self._set_active(active=False)
                return
            if self._failure_reported:
                self._failure_reported = False
                LOGGER.info(
                    "Gateway %s pushes to Home Assistant again", self._entry.title
                )
            LOGGER.debug("Gateway %s pushes to %s", self._entry.title, masked_url(url))
            self._registered_at = time.monotonic()
            self._set_active(active=True)
            if self._receiver.ledger.push_url != url:
                self._receiver.commit([self._receiver.ledger.apply(["push_url", url])])

    @callback
    def _set_active(self, *, active: bool) -> None:
        if active != self.active:
            self.active = active
            for listener in self._listeners:
                listener(active)

    async def _current_sms_url(self) -> str | None:
        """Return the gateway's SMS push URL, None when it cannot be read."""
        try:
            return await self._client.get_sms_url()
        except (EjoinRefusedError, EjoinResponseError) as err:
            LOGGER.debug("Could not read sms_url: %s", err)
            return None

    async def _async_watchdog(self, _now: datetime) -> None:
        """Register again when the gateway stopped pushing (e.g. after a reboot)."""
        last = self._last_status_push or self._registered_at or 0.0
        if self.active and time.monotonic() - last < PUSH_SILENCE.total_seconds():
            return
        LOGGER.debug(
            "No status push from %s for a while: registering again", self._entry.title
        )
        await self.async_register()


async def async_stop_gateway_pushes(client: EjoinClient, url: str | None) -> None:
    """Cancel the status push and clear our SMS push URL; the gateway may be gone."""
    try:
        await client.cancel_status_push()
        if url is not None and await client.get_sms_url() == url:
            await client.set_sms_url("", save=True)
    except EjoinError as err:
        LOGGER.debug("Could not stop the pushes of %s: %s", client.host, err)
