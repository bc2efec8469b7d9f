"""Saving received MMS attachments under the media folder, safely.

Files go to ``<media>/ejoin/<gateway MAC>/``, named ``<date>_<sanitised name>``. A
name from the gateway is untrusted: directories, ``..``, NUL and control characters
are stripped, anything unusual becomes ``_``, and the result is checked to resolve
inside the folder before a new file is created (never overwriting, never following a
link).
"""

from __future__ import annotations

from dataclasses import dataclass
import mimetypes
import os
from pathlib import Path
import re
from typing import TYPE_CHECKING, Final
import unicodedata

from .const import MMS_MEDIA_FOLDER

if TYPE_CHECKING:
    from datetime import datetime

    from homeassistant.core import HomeAssistant

    from .api import MmsPart

_UNSAFE: Final = re.compile(r"[^\w.()+@ -]")
_MAX_STEM: Final = 80
_MAX_EXTENSION: Final = 10
_MAX_TRIES: Final = 1000
_OPEN_FLAGS: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
#: Extensions for content types ``mimetypes`` may not know.
_EXTENSIONS: Final = {
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/gif": "gif",
    "image/png": "png",
    "audio/mpeg": "mp3",
    "audio/amr": "amr",
    "text/plain": "txt",
    "text/x-vcard": "vcf",
    "text/vcard": "vcf",
    "video/3gpp": "3gp",
}


@dataclass(frozen=True, slots=True)
class SavedAttachment:
    """One attachment of a received MMS, as told in the event."""

    content_type: str
    filename: str
    size: int
    #: Where the file was written; None when it could not be.
    path: str | None


def media_folder(hass: HomeAssistant, mac: str) -> Path:
    """Return the folder of one gateway's MMS attachments."""
    base = hass.config.media_dirs.get("local") or hass.config.path("media")
    slug = re.sub(r"[^0-9a-z]", "", mac.lower()) or "gateway"
    return Path(base) / MMS_MEDIA_FOLDER / slug


def sanitize_filename(name: str | None, content_type: str) -> str:
    """Return a harmless file name (no folders, no hidden file) for an attachment."""
    text = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if char.isprintable())
    text = _UNSAFE.sub("_", text).strip(" ._")
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    extension = re.sub(r"[^0-9A-Za-z]", "", extension)[:_MAX_EXTENSION].lower()
    if not extension:
        extension = _extension(content_type)
    stem = stem.strip(" ._")[:_MAX_STEM] or "attachment"
    return f"{stem}.{extension}" if extension else stem


def _extension(content_type: str) -> str:
    """Return a file extension (without the dot) for a content type."""
    known = _EXTENSIONS.get(content_type.lower())
    if known:
        return known
    guessed = mimetypes.guess_extension(content_type.lower(), strict=False)
    return guessed.lstrip(".") if guessed else "bin"


def save_attachments(
    folder: Path, parts: tuple[MmsPart, ...], received: datetime
) -> list[SavedAttachment]:
    """Write ``parts`` into ``folder`` (run in the executor)."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    prefix = received.strftime("%Y%m%d-%H%M%S")
    saved: list[SavedAttachment] = []
    for part in parts:
        name = f"{prefix}_{sanitize_filename(part.filename, part.content_type)}"
        path = _write_new_file(root, name, part.data)
        saved.append(
            SavedAttachment(
                content_type=part.content_type,
                filename=path.name,
                size=len(part.data),
                path=str(path),
            )
        )
    return saved


def _write_new_file(root: Path, name: str, data: bytes) -> Path:
    """Create a file named ``name`` (or ``name_<n>``) in ``root``; never overwrite."""
    stem, extension = os.path.splitext(name)
    for attempt in range(_MAX_TRIES):
        candidate = name if attempt == 0 else f"{stem}_{attempt}{extension}"
        path = root / candidate
        if path.parent != root:
            raise ValueError(f"Attachment name {candidate!r} leaves the media folder")
        if not path.resolve().is_relative_to(root):
            # Something (a link) already sits there and points elsewhere.
            continue
        try:
            descriptor = os.open(path, _OPEN_FLAGS, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        return path
    raise FileExistsError(f"No free file name for {name!r} in {root}")
