"""MMS attachments of send tasks (section 6.3.2.2) and the MMS push (section 11)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

__all__ = [
    "ATTACHMENT_TYPES",
    "AttachmentError",
    "EncodedMms",
    "MmsFile",
    "TaskAttachment",
    "attachment_filename",
    "build_mms",
    "parse_attachments",
]

#: Attachment types the device sends, with their MIME types.
ATTACHMENT_TYPES: dict[str, str] = {
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "txt": "text/plain",
    "mp3": "audio/mpeg",
}


@dataclass(slots=True, eq=False)
class TaskAttachment:
    """One MMS attachment of a send task (``jpg``, ``gif``, ``txt`` or ``mp3``)."""

    kind: str
    data: bytes


@dataclass(slots=True)
class MmsFile:
    """One file of an MMS the gateway receives and pushes."""

    filename: str
    content_type: str
    data: bytes


class AttachmentError(ValueError):
    """An attachment list that does not parse."""


def _b64decode(text: str) -> bytes:
    cleaned = "".join(text.split())
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError) as err:
        raise AttachmentError("attachment is not base64") from err


def parse_attachments(spec: str) -> list[TaskAttachment]:
    """Parse ``"jpg|<base64>;txt|<base64>"`` (field notes) or ``"txt <base64>;..."``.

    The document (section 6.3.2.2) separates type and content with a space, the
    field notes with ``|``; both are accepted, and so is a mix of the two.
    """
    result: list[TaskAttachment] = []
    for raw in spec.split(";"):
        item = raw.strip()
        if not item:
            continue
        for separator in ("|", " ", ":"):
            kind, found, data = item.partition(separator)
            if found:
                break
        else:
            raise AttachmentError(f"attachment without type: {item[:20]!r}")
        kind = kind.strip().lower()
        if kind == "jpeg":
            kind = "jpg"
        if kind not in ATTACHMENT_TYPES:
            raise AttachmentError(f"unsupported attachment type {kind!r}")
        result.append(TaskAttachment(kind=kind, data=_b64decode(data.strip())))
    return result


def attachment_filename(index: int, kind: str) -> str:
    """Return the file name the device gives the ``index``-th attachment."""
    return f"attachment_{index}.{kind}"


@dataclass(slots=True)
class EncodedMms:
    """An MMS ready to push: headers and the ``multipart/related`` body."""

    headers: dict[str, str]
    body: bytes
    content_type: str


def _header_b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def build_mms(
    *,
    subject: str,
    sender: str,
    recipient: str,
    text: str,
    parts: list[MmsFile],
    timestamp: float,
    boundary_serial: int,
    extra_headers: dict[str, str] | None = None,
) -> EncodedMms:
    """Build the MMS push of section 11.3 (SMIL part, attachments, text part)."""
    when = datetime.fromtimestamp(timestamp, UTC)
    boundary = when.strftime("%m%d%H%M%S") + f"{boundary_serial:011d}"
    crlf = b"\r\n"
    smil_items = "".join(
        f'<par dur="5000ms"><ref src="{part.filename}"/></par>' for part in parts
    )
    if text:
        smil_items += '<par dur="5000ms"><text src="text_1.txt"/></par>'
    smil = (
        "<smil><head><layout/></head><body>" + smil_items + "</body></smil>"
    ).encode()
    chunks: list[bytes] = [
        b"--" + boundary.encode(),
        b"Content-Type: application/smil",
        b"Content-ID: <0.smil>",
        b"",
        smil,
    ]
    for part in parts:
        chunks += [
            b"--" + boundary.encode(),
            f'Content-Type: {part.content_type}; name="{part.filename}"'.encode(),
            f"Content-Location: {part.filename}".encode(),
            b"",
            part.data,
        ]
    if text:
        chunks += [
            b"--" + boundary.encode(),
            b"Content-Type: text/plain; charset=UTF-8",
            b"Content-Location: text_1.txt",
            b"",
            text.encode(),
        ]
    chunks.append(b"--" + boundary.encode() + b"--")
    body = crlf.join(chunks) + crlf
    content_type = (
        f'multipart/related; boundary={boundary}; type="application/smil"; '
        'start="<0.smil>"'
    )
    headers = {
        "Date": format_datetime(when, usegmt=True),
        "Emms-Subject": f"{_header_b64(subject)}; charset=UTF-8",
        "Emms-From": f"{_header_b64(sender)}; type=PLMN; charset=UTF-8",
        "Emms-To": f"{_header_b64(recipient)}; type=PLMN; charset=UTF-8",
        "Content-Type": content_type,
    }
    if extra_headers:
        headers.update(extra_headers)
    return EncodedMms(headers=headers, body=body, content_type=content_type)
