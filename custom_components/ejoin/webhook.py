"""The webhook of each gateway: read a push, parse it, route it by its kind.

One webhook per config entry. It is registered when the domain is set up (for the
entries that exist) or when an entry is first set up, and stays registered as long
as the entry exists, across unloads, reloads and failed set-ups: Home Assistant
answers 200 to a push for an unknown webhook, and the gateway would take its
message for delivered. While the entry is not loaded (:mod:`.spool`), pushes that
carry messages are kept on disk and processed once it is; status pushes are
answered and dropped, as set-up reads a fresh status. The webhook of a deleted
entry answers 410 Gone (the ids of the last deleted entries are stored).

Answers: 200 when the push was taken, 400 when it cannot be read or is not this
gateway's (nothing that was not processed is acknowledged), 403 when it comes from
an address other than the gateway's (:mod:`.push_source`), 413 when too big, 503
when it could not be recorded, 410 for a deleted entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
import re
import time
from typing import TYPE_CHECKING, Any, Final

from aiohttp import hdrs
from aiohttp.web import Request, Response
from homeassistant.components import webhook
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.network import NoURLAvailableError, get_url
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from .api import (
    DevStatusPush,
    EjoinResponseError,
    MmsReportPush,
    PortStatusPush,
    Push,
    ReceivedSmsPush,
    SlotRowMemo,
    StatusReportPush,
    parse_push,
)
from .const import (
    CONF_WEBHOOK_BASE_URL,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_LOCAL_ONLY,
    DEFAULT_WEBHOOK_LOCAL_ONLY,
    DOMAIN,
    LOGGER,
    WEBHOOK_MAX_BODY,
)
from .journal import JournalError
from .push_source import async_source_allowed
from .spool import PushSpool, SpooledPush

if TYPE_CHECKING:
    from collections.abc import Sequence

    from homeassistant.core import HomeAssistant

    from .data import EjoinConfigEntry, EjoinRuntimeData

_READ_CHUNK: Final = 64 * 1024
#: JSON pushes bigger than this are parsed in the executor (the full status of a
#: big gateway). Smaller ones, a burst of SMS too, parse faster on the event loop
#: than a hop to a thread and back, contending for the GIL with their neighbours.
_PARSE_IN_EXECUTOR: Final = 1024 * 1024
#: MIME parsing is slow for its size: an MMS bigger than this goes to the executor.
_MMS_IN_EXECUTOR: Final = 64 * 1024
#: Headers a push is parsed with again after the spool (the MMS's own).
_KEPT_HEADERS: Final = re.compile(r"^(emms-.*|date|content-type)$", re.IGNORECASE)
#: Webhook ids of deleted entries that still answer 410, the newest ones.
MAX_GONE: Final = 64
#: Seconds between two warnings about pushes of one kind that cannot be read.
WARN_INTERVAL: Final = 600.0

ISSUE_PUSH_TOO_BIG: Final = "push_too_big"

DATA_WEBHOOKS: Final[HassKey[WebhookRegistry]] = HassKey(f"{DOMAIN}_webhooks")


@dataclass(slots=True)
class WebhookRegistry:
    """The webhooks of every entry of the domain."""

    gone_store: Store[list[str]]
    gone: list[str] = field(default_factory=list)
    #: Webhook id -> (entry id, local only).
    entries: dict[str, tuple[str, bool]] = field(default_factory=dict)
    spools: dict[str, PushSpool] = field(default_factory=dict)
    #: The rows of each entry's last full-status push (see :class:`SlotRowMemo`).
    memos: dict[str, SlotRowMemo] = field(default_factory=dict)
    #: When a warning of each kind was last logged.
    warned: dict[str, float] = field(default_factory=dict)

    def spool(self, hass: HomeAssistant, entry_id: str) -> PushSpool:
        """Return the spool of an entry."""
        if (spool := self.spools.get(entry_id)) is None:
            spool = self.spools[entry_id] = PushSpool(hass, entry_id)
        return spool


async def async_setup_webhooks(hass: HomeAssistant) -> None:
    """Register the webhook of every entry, and the answer of deleted ones."""
    store: Store[list[str]] = Store(hass, 1, f"{DOMAIN}.removed_webhooks")
    registry = hass.data[DATA_WEBHOOKS] = WebhookRegistry(store)
    registry.gone = list(await store.async_load() or [])
    for webhook_id in registry.gone:
        _register_gone(hass, webhook_id)
    for entry in hass.config_entries.async_entries(DOMAIN):
        async_register_entry_webhook(hass, entry)


def async_register_entry_webhook(hass: HomeAssistant, entry: EjoinConfigEntry) -> None:
    """Register the entry's webhook, or again when its local-only option changed."""
    registry = hass.data[DATA_WEBHOOKS]
    webhook_id: str | None = entry.data.get(CONF_WEBHOOK_ID)
    if not webhook_id:
        webhook_id = webhook.async_generate_id()
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_WEBHOOK_ID: webhook_id}
        )
    local_only: bool = entry.options.get(
        CONF_WEBHOOK_LOCAL_ONLY, DEFAULT_WEBHOOK_LOCAL_ONLY
    )
    if registry.entries.get(webhook_id) == (entry.entry_id, local_only):
        return
    if webhook_id in registry.entries:
        # Both in one step on the loop: no push meets the gap.
        webhook.async_unregister(hass, webhook_id)
    webhook.async_register(
        hass,
        DOMAIN,
        entry.title,
        webhook_id,
        _async_handle_push,
        local_only=local_only,
        allowed_methods=[hdrs.METH_POST],
    )
    registry.entries[webhook_id] = (entry.entry_id, local_only)


async def async_remove_entry_webhook(
    hass: HomeAssistant, entry: EjoinConfigEntry
) -> None:
    """Answer 410 Gone to pushes for a deleted entry from now on."""
    registry = hass.data[DATA_WEBHOOKS]
    await registry.spool(hass, entry.entry_id).async_clear()
    registry.spools.pop(entry.entry_id, None)
    registry.memos.pop(entry.entry_id, None)
    webhook_id: str | None = entry.data.get(CONF_WEBHOOK_ID)
    if not webhook_id or registry.entries.pop(webhook_id, None) is None:
        return
    webhook.async_unregister(hass, webhook_id)
    _register_gone(hass, webhook_id)
    registry.gone = [*registry.gone, webhook_id][-MAX_GONE:]
    await registry.gone_store.async_save(registry.gone)


def _register_gone(hass: HomeAssistant, webhook_id: str) -> None:
    webhook.async_register(
        hass,
        DOMAIN,
        "Deleted Ejoin gateway",
        webhook_id,
        _async_handle_gone,
        allowed_methods=[hdrs.METH_POST],
    )


async def _async_handle_gone(
    hass: HomeAssistant, webhook_id: str, request: Request
) -> Response:
    """Refuse a push for a deleted entry, so the gateway does not count it sent."""
    return Response(status=HTTPStatus.GONE)


# ------------------------------------------------------------------ intake


async def _async_handle_push(
    hass: HomeAssistant, webhook_id: str, request: Request
) -> Response:
    """Read, parse and route one push."""
    registry = hass.data[DATA_WEBHOOKS]
    entry_id, _local_only = registry.entries.get(webhook_id, (None, True))
    entry = None if entry_id is None else hass.config_entries.async_get_entry(entry_id)
    if entry is None:
        return Response(status=HTTPStatus.GONE)
    if not await async_source_allowed(hass, entry, request.remote):
        # Before the body is read; not 2xx, so the sender counts it as failed.
        return Response(status=HTTPStatus.FORBIDDEN)
    body = await _read_body(request)
    if body is None:
        _report_oversized(hass, entry)
        return Response(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    raw = SpooledPush(
        body=body,
        content_type=request.headers.get(hdrs.CONTENT_TYPE, ""),
        headers={
            name: value
            for name, value in request.headers.items()
            if _KEPT_HEADERS.match(name)
        },
        query=dict(request.query),
    )
    push = await _parse(hass, entry, raw)
    if push is None:
        return Response(status=HTTPStatus.BAD_REQUEST)
    runtime = _accepting(entry)
    if runtime is not None:
        try:
            return Response(status=await async_route(entry, runtime, push))
        except Exception:  # noqa: BLE001
            # Home Assistant would answer 200 to an exception: the gateway must
            # not take a push we failed on for delivered.
            LOGGER.exception("Error processing a push to %s", entry.title)
            return Response(status=HTTPStatus.INTERNAL_SERVER_ERROR)
    if isinstance(push, DevStatusPush | PortStatusPush | MmsReportPush):
        # Set-up reads the whole status; this one would only be older. An MMS
        # reception report only says how a reception went.
        return Response(status=HTTPStatus.OK)
    spool = registry.spool(hass, entry.entry_id)
    if not await spool.async_add(raw):
        LOGGER.warning(
            "Refusing a push to %s: too many pushes wait for it to load",
            entry.title,
        )
        return Response(status=HTTPStatus.SERVICE_UNAVAILABLE)
    if _accepting(entry) is not None:
        # It loaded while the push was written.
        await async_drain_spool(hass, entry)
    return Response(status=HTTPStatus.OK)


def _report_oversized(hass: HomeAssistant, entry: EjoinConfigEntry) -> None:
    """Say once, in the log and as a repair issue, that a push was too big."""
    issue_id = f"{ISSUE_PUSH_TOO_BIG}_{entry.entry_id}"
    if ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None:
        LOGGER.debug("Refusing another oversized push to %s", entry.title)
        return
    LOGGER.warning(
        "Refused a push to %s bigger than %s MB", entry.title, WEBHOOK_MAX_BODY >> 20
    )
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_PUSH_TOO_BIG,
        translation_placeholders={
            "title": entry.title,
            "limit": str(WEBHOOK_MAX_BODY >> 20),
        },
    )


def _accepting(entry: EjoinConfigEntry) -> EjoinRuntimeData | None:
    """Return the entry's runtime data while it takes pushes, else None."""
    runtime: EjoinRuntimeData | None = getattr(entry, "runtime_data", None)
    if runtime is None or not runtime.accepting:
        return None
    return runtime


async def _read_body(request: Request) -> bytes | None:
    """Return the body, None when it is bigger than the webhook takes."""
    # A push relayed by Home Assistant Cloud is a MockRequest: no content_length,
    # and each access to ``content`` starts a new reader.
    length: int | None = getattr(request, "content_length", None)
    if length is not None and length > WEBHOOK_MAX_BODY:
        return None
    stream = request.content
    chunks: list[bytes] = []
    size = 0
    while chunk := await stream.read(_READ_CHUNK):
        size += len(chunk)
        if size > WEBHOOK_MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _parse(
    hass: HomeAssistant, entry: EjoinConfigEntry, raw: SpooledPush
) -> Push | None:
    """Parse a push; None (and a rate-limited line) when it cannot be read."""
    try:
        mms = raw.content_type.lower().startswith("multipart/") or any(
            name.lower().startswith("emms-") for name in raw.headers
        )
        limit = _MMS_IN_EXECUTOR if mms else _PARSE_IN_EXECUTOR
        if len(raw.body) > limit:
            # The slots a full status repeats are the objects of the last one:
            # a new copy of each would be freed on the event loop, 16,384 on a
            # 512 x 32 gateway (about 5 ms).
            memo = hass.data[DATA_WEBHOOKS].memos.setdefault(
                entry.entry_id, SlotRowMemo()
            )
            return await hass.async_add_executor_job(
                partial(
                    parse_push,
                    raw.body,
                    raw.content_type,
                    raw.headers,
                    raw.query,
                    memo=memo,
                )
            )
        return parse_push(raw.body, raw.content_type, raw.headers, raw.query)
    except EjoinResponseError as err:
        _warn(
            hass,
            f"unreadable:{entry.entry_id}",
            "Refusing a push to %s that cannot be read (%s): %s",
            entry.title,
            raw.content_type or "no content type",
            err,
        )
        return None


async def async_route(
    entry: EjoinConfigEntry,
    runtime: EjoinRuntimeData,
    push: Push,
    *,
    spooled: bool = False,
) -> HTTPStatus:
    """Hand a push to the part that owns its kind; return the HTTP status."""
    coordinator = runtime.coordinator
    mac = coordinator.mac
    try:
        if isinstance(push, DevStatusPush):
            if push.status.mac is not None and push.status.mac != mac:
                LOGGER.debug("Ignoring a status push from %s", push.status.mac)
                return HTTPStatus.BAD_REQUEST
            if not spooled:
                runtime.push_target.note_status_push()
                await coordinator.async_set_device_status(push.status)
        elif isinstance(push, PortStatusPush):
            if not spooled:
                coordinator.async_set_slot_status(push.slot)
        elif isinstance(push, ReceivedSmsPush):
            if push.mac is not None and push.mac != mac:
                LOGGER.debug("Ignoring an SMS push from %s", push.mac)
                return HTTPStatus.BAD_REQUEST
            runtime.receiver.take_pushed(push.messages)
            if push.unreadable:
                return _refuse_unreadable(
                    entry, "messages", len(push.messages), push.unreadable
                )
        elif isinstance(push, StatusReportPush):
            runtime.receiver.take_reports(push.reports)
            if push.unreadable:
                return _refuse_unreadable(
                    entry, "reports", len(push.reports), push.unreadable
                )
        elif isinstance(push, MmsReportPush):
            # API v3: how receiving an MMS went; the MMS itself comes as its own
            # push (or not at all, which is then worth a line).
            _log_mms_report(coordinator.hass, entry, push)
        else:
            if push.message.mac is not None and push.message.mac != mac:
                LOGGER.debug("Ignoring an MMS push from %s", push.message.mac)
                return HTTPStatus.BAD_REQUEST
            await runtime.receiver.async_take_mms(push.message)
    except JournalError:
        return HTTPStatus.SERVICE_UNAVAILABLE
    return HTTPStatus.OK


async def async_drain_spool(hass: HomeAssistant, entry: EjoinConfigEntry) -> None:
    """Process the pushes that waited while the entry was not loaded."""
    spool = hass.data[DATA_WEBHOOKS].spool(hass, entry.entry_id)
    async with spool.lock:
        pushes = await spool.async_read()
        if not pushes:
            return
        LOGGER.debug(
            "Processing %s pushes that waited for %s", len(pushes), entry.title
        )
        done = 0
        try:
            for raw in pushes:
                runtime = _accepting(entry)
                if runtime is None:
                    break  # unloaded again: the rest waits for the next time
                push = await _parse(hass, entry, raw)
                if push is not None:
                    try:
                        status = await async_route(entry, runtime, push, spooled=True)
                    except Exception:  # noqa: BLE001
                        # One push that breaks must not block those after it.
                        LOGGER.exception(
                            "Error processing a push that waited for %s", entry.title
                        )
                        status = HTTPStatus.INTERNAL_SERVER_ERROR
                    if status is HTTPStatus.SERVICE_UNAVAILABLE:
                        break
                done += 1
        finally:
            # What was done is not done twice (an MMS without a date would fire
            # again); the rest waits.
            await spool.async_keep(pushes[done:])


def _refuse_unreadable(
    entry: EjoinConfigEntry, what: str, taken: int, unreadable: Sequence[str]
) -> HTTPStatus:
    """Warn (now and then) of a push's unreadable rows; answer 400 for them.

    What could be read was taken: the gateway sends the push again, and the
    rows taken are then known.
    """
    _warn(
        entry.runtime_data.coordinator.hass,
        f"{what}:{entry.entry_id}",
        "Took %s %s of a push to %s and refused the push for %s that cannot be"
        " read: %s",
        taken,
        what,
        entry.title,
        len(unreadable),
        ", ".join(sorted(set(unreadable))),
    )
    return HTTPStatus.BAD_REQUEST


def _log_mms_report(
    hass: HomeAssistant, entry: EjoinConfigEntry, push: MmsReportPush
) -> None:
    """Note an MMS reception report: a failed reception as a warning."""
    report = push.report
    if report.failed:
        _warn(
            hass,
            f"mms:{entry.entry_id}",
            "The gateway %s could not receive an MMS on slot %s: %s",
            entry.title,
            report.slot,
            report.reason or "no reason given",
        )
    else:
        LOGGER.debug(
            "MMS reception on slot %s of %s: %s", report.slot, entry.title, report.state
        )


def _warn(hass: HomeAssistant, kind: str, message: str, *args: Any) -> None:
    """Log a warning at most once per :data:`WARN_INTERVAL` per kind."""
    warned = hass.data[DATA_WEBHOOKS].warned
    now = time.monotonic()
    if now - warned.get(kind, -WARN_INTERVAL) >= WARN_INTERVAL:
        warned[kind] = now
        LOGGER.warning(message, *args)
    else:
        LOGGER.debug(message, *args)


# --------------------------------------------------------------------- URLs


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


def masked_url(url: str) -> str:
    """Return a push URL fit for a log line: the webhook id, a secret, masked."""
    return re.sub(r"(/api/webhook/)[^/?#]+", r"\1********", url)
