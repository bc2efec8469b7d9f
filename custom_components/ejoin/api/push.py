"""Parsing of the HTTP pushes an Ejoin gateway sends.

:func:`parse_push` turns the body (plus Content-Type, headers and query string) of
one push request into a typed push model, of either API generation. The shapes:

* JSON with a ``type`` of ``recv-sms``, ``status-report``, ``dev-status`` or
  ``port-status`` (v2.1 doc sections 4, 6.3.3, 7); in API v3 the messages of
  ``recv-sms`` are objects instead of arrays, and send reports come as
  ``sms-sent-status`` with ``statuses`` (v3 document, "Send Status Report");
* the v3 "MMS Reception Report": a JSON object without ``type`` (``ts``,
  ``port``, ``slot``, ``iccid``, ``state``);
* an MMS as ``multipart/related`` with ``Emms-*`` headers (doc section 11);
* the "SMS to HTTP" push configured in the web UI: ``application/octet-stream``
  with ``?port=61A&sender=...&mac=...&iccid=...`` and the text after the first
  blank line of the body (field notes).

Anything else raises :class:`EjoinResponseError`, and so does any malformed body:
no other exception type escapes.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
import json
import logging
import re
from typing import TYPE_CHECKING, Any

from ._convert import normalize_mac, to_datetime, to_str
from .exceptions import EjoinResponseError
from .models import (
    DeviceStatus,
    DevStatusPush,
    MmsMessage,
    MmsPart,
    MmsPush,
    MmsReportPush,
    PortStatusPush,
    Push,
    ReceivedSms,
    ReceivedSmsPush,
    SlotStatus,
    StatusReport,
    StatusReportPush,
)
from .notation import SlotAddress
from .v3_shapes import read_mms_report, read_sms, read_status_reports

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from email.message import Message

    from .models import SlotRowMemo

__all__ = ["parse_push"]

_LOGGER = logging.getLogger(__name__)

_BLANK_LINE_RE = re.compile(rb"\r?\n[ \t]*\r?\n")
_SMIL_TYPES = frozenset({"application/smil", "application/vnd.wap.mms-message"})
_PUSH_TYPES = frozenset(
    {"recv-sms", "status-report", "sms-sent-status", "dev-status", "port-status"}
)
#: Most MIME parts read from one MMS. A real MMS has a handful (the gateways send
#: at most 5 attachments); a body of thousands of tiny parts would keep the parser
#: (and the saving of attachments) busy for minutes.
MAX_MMS_PARTS = 100


def parse_push(
    body: bytes,
    content_type: str = "",
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    *,
    memo: SlotRowMemo | None = None,
) -> Push:
    """Parse one push request from the gateway.

    ``content_type`` is the request's Content-Type header (with parameters),
    ``headers`` all request headers (needed for MMS), ``query`` the request's
    query parameters (needed for the "SMS to HTTP" push). ``memo`` holds the rows
    of the last ``dev-status`` push: unchanged slots are the same objects again.

    Raises :class:`EjoinResponseError` for an unknown or malformed push.
    """
    try:
        return _parse(
            body,
            content_type or "",
            {str(key).lower(): str(value) for key, value in (headers or {}).items()},
            {str(key).lower(): str(value) for key, value in (query or {}).items()},
            memo,
        )
    except EjoinResponseError:
        raise
    except Exception as err:
        # A push is untrusted input: whatever breaks while reading it makes it a
        # malformed push, never a crash of the caller.
        raise EjoinResponseError(
            f"Malformed push ({type(err).__name__}: {err})"
        ) from err


def _parse(
    body: bytes,
    content_type: str,
    headers: dict[str, str],
    query: dict[str, str],
    memo: SlotRowMemo | None,
) -> Push:
    """Dispatch on the push's shape."""
    if not isinstance(body, bytes | bytearray | memoryview):
        raise EjoinResponseError("Push body must be bytes")
    body = bytes(body)
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime.startswith("multipart/") or any(key.startswith("emms-") for key in headers):
        return MmsPush(_parse_mms(body, content_type, headers))
    if "sender" in query or "port" in query:
        return _parse_sms_to_http(body, query)
    if body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
        return _parse_json(body, memo)
    if mime == "application/octet-stream":
        return _parse_sms_to_http(body, query)
    raise EjoinResponseError(
        f"Unknown push: content type {mime or 'missing'!r} and no JSON object"
    )


def _parse_json(body: bytes, memo: SlotRowMemo | None) -> Push:
    """Parse a JSON push by its ``type``."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise EjoinResponseError(f"Push is not valid JSON: {err}") from None
    if not isinstance(data, dict):
        raise EjoinResponseError("Push JSON is not an object")
    push_type = _json_type(data)
    if push_type == "recv-sms":
        rows = data.get("sms")
        if not isinstance(rows, list):
            rows = data.get("smses")
        if not isinstance(rows, list):
            raise EjoinResponseError("recv-sms push without an 'sms' array")
        messages, unreadable = _read_rows(rows, _read_received, "recv-sms push")
        return ReceivedSmsPush(messages, unreadable=unreadable)
    if push_type == "status-report":
        reports_value = data.get("rpts")
        if not isinstance(reports_value, list):
            raise EjoinResponseError("status-report push without an 'rpts' array")
        reports, unreadable = _read_rows(
            reports_value, StatusReport.from_dict, "status-report push"
        )
        return StatusReportPush(reports, unreadable=unreadable)
    if push_type == "sms-sent-status":
        if not isinstance(data.get("statuses"), list):
            raise EjoinResponseError("sms-sent-status push without a 'statuses' array")
        return StatusReportPush(read_status_reports(data["statuses"]))
    if push_type == "mms-report":
        return MmsReportPush(read_mms_report(data))
    if push_type == "dev-status":
        return DevStatusPush(DeviceStatus.from_dict(data, memo=memo))
    return PortStatusPush(SlotStatus.from_dict(data))


def _read_received(row: Any) -> ReceivedSms:
    """Read one received SMS: v2.1 rows are arrays, v3 messages objects."""
    return read_sms(row) if isinstance(row, dict) else ReceivedSms.from_row(row)


def _read_rows[T](
    rows: list[Any], read: Callable[[Any], T], what: str
) -> tuple[tuple[T, ...], tuple[str, ...]]:
    """Read each row; return what was read and the shapes of what was not.

    Raises :class:`EjoinResponseError` when no row at all could be read.
    """
    read_rows: list[T] = []
    unreadable: list[str] = []
    for row in rows:
        try:
            read_rows.append(read(row))
        except EjoinResponseError:
            unreadable.append(_row_shape(row))
    if unreadable and not read_rows:
        raise EjoinResponseError(
            f"{what} with no readable row ({len(unreadable)} rows:"
            f" {', '.join(sorted(set(unreadable)))})"
        )
    return tuple(read_rows), tuple(unreadable)


def _row_shape(row: object) -> str:
    """Describe the shape of a row or report, for a log line (never its content)."""
    if isinstance(row, dict):
        keys = ", ".join(sorted(str(key) for key in row)[:8])
        return f"an object with keys {keys}"
    if isinstance(row, list | tuple):
        return f"an array of {len(row)} fields"
    return f"a {type(row).__name__}"


def _json_type(data: dict[str, Any]) -> str:
    """Return the push type; infer it from the fields when ``type`` is missing.

    The v3 doc's example spells ``"dev-Status"``: the type is compared without
    case.
    """
    raw = data.get("type")
    if isinstance(raw, str):
        push_type = raw.strip().lower()
        if push_type in _PUSH_TYPES:
            return push_type
        raise EjoinResponseError(f"Unknown push type {raw[:40]!r}")
    if raw is not None:
        raise EjoinResponseError("Push 'type' is not a string")
    if "rpts" in data:
        return "status-report"
    if "statuses" in data:
        return "sms-sent-status"
    if isinstance(data.get("sms"), list) or isinstance(data.get("smses"), list):
        return "recv-sms"
    if "state" in data and ("iccid" in data or "tid" in data):
        # The v3 MMS reception report has no type: it is told by its fields.
        return "mms-report"
    if isinstance(data.get("status"), list):
        return "dev-status"
    if "port" in data and ("st" in data or "status" in data):
        return "port-status"
    raise EjoinResponseError("Push JSON has no 'type'")


def _parse_sms_to_http(body: bytes, query: dict[str, str]) -> ReceivedSmsPush:
    """Parse the octet-stream "SMS to HTTP" push.

    The text is what follows the first blank line; the lines before it are
    ``Key: value`` headers, used when the query lacks ``sender``/``port``. A body
    without a blank line is all text (nothing else could be meant).
    """
    parts = _BLANK_LINE_RE.split(body, maxsplit=1)
    head: dict[str, str] = {}
    if len(parts) == 2:
        for line in parts[0].decode("utf-8", "replace").splitlines():
            key, sep, value = line.partition(":")
            if not sep:
                key, sep, value = line.partition("=")
            if sep and key.strip():
                head[key.strip().lower()] = value.strip()
        text_bytes = parts[1]
    else:
        text_bytes = body
    text = text_bytes.decode("utf-8", "replace").rstrip("\r\n\x00")
    port_text = query.get("port") or head.get("port") or head.get("slot")
    slot: SlotAddress | None = None
    if port_text:
        try:
            slot = SlotAddress.parse_lenient(port_text.strip())
        except ValueError:
            _LOGGER.debug("Unreadable port %r in SMS push", port_text)
    received_at = to_datetime(head.get("time") or head.get("date"))
    # Without a time line the push carries no receive time of its own; it is
    # sent on reception, so the time of arrival stands in (an estimate).
    message = ReceivedSms.build(
        is_delivery_report=False,
        slot=slot,
        received_at=received_at or datetime.now(UTC),
        time_estimated=received_at is None,
        sender=to_str(query.get("sender") or head.get("sender") or head.get("from")),
        recipient=to_str(
            query.get("recipient")
            or query.get("receiver")
            or head.get("receiver")
            or head.get("recipient")
            or head.get("to")
        ),
        content=text,
        content_is_encoded=False,
        iccid=to_str(query.get("iccid") or head.get("iccid")),
        imsi=to_str(query.get("imsi") or head.get("imsi")),
    )
    return ReceivedSmsPush((message,), mac=normalize_mac(query.get("mac")))


def _parse_mms(body: bytes, content_type: str, headers: dict[str, str]) -> MmsMessage:
    """Parse an MMS push with the standard ``email`` package."""
    mime_header = content_type.strip() or "application/octet-stream"
    if "\r" in mime_header or "\n" in mime_header:
        raise EjoinResponseError("MMS Content-Type spans several lines")
    # Each part starts with a "--boundary" line; one more line closes the body.
    if body.count(b"\n--") + body.startswith(b"--") > MAX_MMS_PARTS + 1:
        raise EjoinResponseError(f"MMS with more than {MAX_MMS_PARTS} parts")
    raw = (
        b"MIME-Version: 1.0\r\nContent-Type: "
        + mime_header.encode("utf-8", "replace")
        + b"\r\n\r\n"
        + body
    )
    message = BytesParser(policy=policy.default).parsebytes(raw)
    parts: list[MmsPart] = []
    texts: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type_value = part.get_content_type()
        data = _payload(part)
        if content_type_value in _SMIL_TYPES:
            continue
        filename = _filename(part)
        if content_type_value == "text/plain":
            texts.append(_decode_text(data, part.get_content_charset()))
        content_id = part.get("Content-ID")
        parts.append(
            MmsPart(
                content_type=content_type_value,
                filename=filename,
                data=data,
                content_id=str(content_id).strip() if content_id else None,
            )
        )
    if message.get_content_maintype() == "multipart" and not message.is_multipart():
        raise EjoinResponseError("MMS multipart body without readable parts")
    return MmsMessage(
        subject=_emms_header(headers.get("emms-subject")),
        sender=_emms_address(headers.get("emms-from")),
        recipient=_emms_address(headers.get("emms-to")),
        date=_http_date(headers.get("date")),
        text="\n".join(text for text in texts if text),
        parts=tuple(parts),
        slot=_emms_slot(headers.get("emms-port")),
        mac=normalize_mac(headers.get("emms-mac")),
        iccid=to_str(headers.get("emms-iccid")),
        imsi=to_str(headers.get("emms-imsi")),
    )


def _emms_slot(value: str | None) -> SlotAddress | None:
    """Return the receiving slot of a v3 ``Emms-Port`` header (``2.01``)."""
    if not value:
        return None
    try:
        return SlotAddress.parse_lenient(value.strip())
    except ValueError:
        return None


def _payload(part: Message) -> bytes:
    """Return the decoded bytes of a leaf part."""
    data = part.get_payload(decode=True)
    if isinstance(data, bytes):
        return data
    return b""


def _filename(part: Message) -> str | None:
    """Return the part's file name, from Content-Disposition/Type or Location."""
    name = part.get_filename()
    if not name:
        location = part.get("Content-Location")
        name = str(location) if location else None
    return to_str(name)


def _decode_text(data: bytes, charset: str | None) -> str:
    """Decode text with its declared charset, falling back to UTF-8."""
    try:
        return data.decode(charset or "utf-8", "replace").strip()
    except LookupError:
        return data.decode("utf-8", "replace").strip()


def _emms_header(value: str | None) -> str | None:
    """Decode ``base64; charset=UTF-8; type=PLMN`` style ``Emms-*`` headers."""
    if value is None:
        return None
    token, *params = value.split(";")
    charset = "utf-8"
    for param in params:
        key, _, param_value = param.partition("=")
        if key.strip().lower() == "charset" and param_value.strip():
            charset = param_value.strip().strip('"')
    token = token.strip()
    try:
        raw = base64.b64decode(token, validate=True)
    except binascii.Error, ValueError:
        # Not base64 after all: keep the value as it is.
        return to_str(token)
    try:
        text = raw.decode(charset, "replace")
    except LookupError:
        text = raw.decode("utf-8", "replace")
    return to_str(text)


def _emms_address(value: str | None) -> str | None:
    """Decode an ``Emms-From``/``Emms-To`` address.

    MMS addresses may end in ``/TYPE=PLMN``, or in a bare ``/`` (the v3 doc's
    example decodes to ``+17785393337/``): both are dropped.
    """
    text = _emms_header(value)
    if text is None:
        return None
    return to_str(re.sub(r"/(TYPE=[A-Za-z0-9]+)?$", "", text, flags=re.IGNORECASE))


def _http_date(value: str | None) -> datetime | None:
    """Return the MMS date header as an aware UTC datetime."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except TypeError, ValueError, IndexError, OverflowError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
