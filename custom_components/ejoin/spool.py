"""Pushes that arrive while their gateway's entry is not loaded, kept on disk.

An options change, a reauthentication, a reconfiguration or a set-up retry takes
the entry down for a moment; Home Assistant may also be starting. The gateway does
not send a push twice (the vendor documents show no retry), so a push answered
then must not be dropped: it is written here, answered 200, and processed once the
entry is loaded. The spool is bounded; a push that does not fit is refused (503),
so the gateway at least knows it was not delivered.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass
from functools import partial
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from homeassistant.helpers.json import json_bytes
from homeassistant.helpers.storage import STORAGE_DIR

from .const import DOMAIN, LOGGER

if TYPE_CHECKING:
    from collections.abc import Mapping

    from homeassistant.core import HomeAssistant

#: At most this many bytes and pushes wait in one entry's spool.
MAX_SPOOL_BYTES: Final = 16 * 1024 * 1024
MAX_SPOOL_PUSHES: Final = 1000


@dataclass(frozen=True, slots=True)
class SpooledPush:
    """One push request as it came: what parsing it needs again."""

    body: bytes
    content_type: str
    headers: Mapping[str, str]
    query: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        """Return the push as JSON data."""
        return {
            "b": base64.b64encode(self.body).decode(),
            "t": self.content_type,
            "h": dict(self.headers),
            "q": dict(self.query),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SpooledPush:
        """Return the push a :meth:`to_json` line describes."""
        return cls(
            body=base64.b64decode(data["b"]),
            content_type=str(data["t"]),
            headers={str(k): str(v) for k, v in data["h"].items()},
            query={str(k): str(v) for k, v in data["q"].items()},
        )


class PushSpool:
    """The pushes waiting for one entry, one JSON line each."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare the spool of ``entry_id`` (nothing is read yet)."""
        self._hass = hass
        self._path = Path(hass.config.path(STORAGE_DIR, f"{DOMAIN}.{entry_id}.spool"))
        #: Held while the file is written or drained.
        self.lock = asyncio.Lock()

    async def async_add(self, push: SpooledPush) -> bool:
        """Keep ``push`` on disk; False when the spool is full."""
        line = json_bytes(push.to_json()) + b"\n"
        async with self.lock:
            return await self._hass.async_add_executor_job(self._append, line)

    def _append(self, line: bytes) -> bool:
        try:
            size = self._path.stat().st_size
            with self._path.open("rb") as file:
                count = sum(1 for _ in file)
        except FileNotFoundError:
            size = count = 0
        if size + len(line) > MAX_SPOOL_BYTES or count >= MAX_SPOOL_PUSHES:
            return False
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fdatasync(fd)
        finally:
            os.close(fd)
        return True

    async def async_read(self) -> list[SpooledPush]:
        """Return the waiting pushes (call with :attr:`lock` held)."""
        return await self._hass.async_add_executor_job(self._read)

    def _read(self) -> list[SpooledPush]:
        try:
            data = self._path.read_bytes()
        except FileNotFoundError:
            return []
        pushes: list[SpooledPush] = []
        for line in data.splitlines():
            try:
                pushes.append(SpooledPush.from_json(json.loads(line)))
            except ValueError, KeyError, TypeError, AttributeError:
                LOGGER.warning("Skipping a damaged line in %s", self._path.name)
        return pushes

    async def async_clear(self) -> None:
        """Forget the waiting pushes (processed, or the entry was removed)."""
        await self._hass.async_add_executor_job(
            partial(self._path.unlink, missing_ok=True)
        )

    async def async_keep(self, pushes: list[SpooledPush]) -> None:
        """Keep only ``pushes`` (call with :attr:`lock` held): the rest was done."""
        if not pushes:
            await self.async_clear()
            return
        data = b"".join(json_bytes(push.to_json()) + b"\n" for push in pushes)
        await self._hass.async_add_executor_job(self._replace, data)

    def _replace(self, data: bytes) -> None:
        temporary = self._path.with_suffix(".new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fdatasync(fd)
        finally:
            os.close(fd)
        temporary.replace(self._path)
