"""The ledger on disk: a snapshot in a ``Store`` and an append-only log of operations.

Why not the ``Store`` alone: it rewrites the whole ledger (thousands of
fingerprints) on every save, so it can only save now and then, and a crash loses
what happened since. Here every change is one short line appended to a log before
it counts (an SMS costs a few hundred bytes, :attr:`Journal.bytes_written` counts
them); the snapshot is written only when the log has grown as big as the last
snapshot, which then starts a new log. Loading reads the snapshot and replays the
logs written since.

Durability: a line is written with one ``write`` call on the event loop, before the
push is acknowledged or the inbox cursor moves: a few microseconds, where a hop to
a thread would cost a push ten times that. From then on the operating system has
it, so a crash of Home Assistant (SIGKILL, out of memory) loses nothing. The data
reaches the disk itself (``fdatasync``, in a thread) at most :data:`SYNC_DELAY`
seconds later, which bounds what a power loss can take back.

Each line is a JSON array of the operations of one push, page or batch, so they
land together or not at all: a line cut short by a crash is dropped when loading.
"""

from __future__ import annotations

from contextlib import suppress
import json
import os
from pathlib import Path
import re
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.json import json_bytes
from homeassistant.helpers.storage import STORAGE_DIR, Store

from .const import DOMAIN, LOGGER
from .ledger import MessageLedger, Op, migrate_v1

if TYPE_CHECKING:
    import asyncio
    from datetime import datetime

#: Version 1 was the whole ledger in the Store, saved with a delay.
STORAGE_VERSION: Final = 2
#: Seconds within which written lines reach the disk itself.
SYNC_DELAY: Final = 1.0
#: The log is compacted into a new snapshot once it is bigger than the last
#: snapshot, and at least this big.
COMPACT_MIN_BYTES: Final = 256 * 1024


class JournalError(Exception):
    """The journal could not be written; nothing of the batch counts."""


class _SnapshotStore(Store[dict[str, Any]]):
    """The snapshot's ``Store``, which reads version 1 ledgers too."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: Any
    ) -> dict[str, Any]:
        """Turn a version 1 ledger into a snapshot of generation 0."""
        return {"generation": 0, "ledger": migrate_v1(old_data)}


class Journal:
    """The durable record of one gateway's ledger."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare the journal of one entry (call :meth:`async_load`)."""
        self._hass = hass
        self._ledger = MessageLedger()
        self._store = _SnapshotStore(
            hass,
            STORAGE_VERSION,
            f"{DOMAIN}.{entry_id}",
            atomic_writes=True,
            private=True,
        )
        self._folder = Path(hass.config.path(STORAGE_DIR))
        self._log_prefix = f"{DOMAIN}.{entry_id}.log."
        self._generation = 0
        self._fd: int | None = None
        self._size = 0
        self._snapshot_size = 0
        self._unsub_sync: CALLBACK_TYPE | None = None
        self._compaction: asyncio.Task[None] | None = None
        #: Bytes written to the log and to snapshots since loading.
        self.bytes_written = 0
        self.snapshot_bytes_written = 0

    # --------------------------------------------------------------- loading

    async def async_load(self) -> MessageLedger:
        """Read the snapshot and replay the logs written since; open the log."""
        stored = await self._store.async_load()
        ledger = MessageLedger()
        if stored is not None:
            self._generation = int(stored["generation"])
            ledger = MessageLedger.restore(stored["ledger"])
        lines, self._snapshot_size = await self._hass.async_add_executor_job(
            self._read_logs
        )
        for ops in lines:
            for op in ops:
                ledger.apply(op)
        ledger.resume_tids()
        self._ledger = ledger
        return ledger

    def _read_logs(self) -> tuple[list[list[Op]], int]:
        """Return the batches of every log since the snapshot; open the newest log.

        Logs older than the snapshot are deleted. A line cut short at the end of
        a log (a crash while writing) is cut off the file.
        """
        pattern = re.compile(re.escape(self._log_prefix) + r"(\d+)$")
        logs: list[tuple[int, Path]] = []
        for path in self._folder.glob(self._log_prefix + "*"):
            if match := pattern.search(path.name):
                generation = int(match.group(1))
                if generation < self._generation:
                    path.unlink(missing_ok=True)
                else:
                    logs.append((generation, path))
        batches: list[list[Op]] = []
        for generation, path in sorted(logs):
            batches.extend(self._read_log(path))
            self._generation = generation
        self._open(self._generation)
        try:
            snapshot_size = os.path.getsize(self._store.path)
        except OSError:
            snapshot_size = 0
        return batches, snapshot_size

    @staticmethod
    def _read_log(path: Path) -> list[list[Op]]:
        """Return the batches of one log, cutting off a last line cut short."""
        data = path.read_bytes()
        batches: list[list[Op]] = []
        good = 0
        for line in data.splitlines(keepends=True):
            try:
                batch = json.loads(line)
                if not line.endswith(b"\n") or not isinstance(batch, list):
                    raise ValueError("incomplete line")  # noqa: TRY301
            except ValueError:
                if good + len(line) < len(data):
                    # Not the last line: something else broke the file.
                    LOGGER.warning("Skipping a damaged line in %s", path.name)
                    good += len(line)
                    continue
                LOGGER.debug("Dropping a line cut short at the end of %s", path.name)
                with path.open("r+b") as file:
                    file.truncate(good)
                break
            batches.append(batch)
            good += len(line)
        return batches

    def _open(self, generation: int) -> None:
        """Open (or create) the log of ``generation`` for appending."""
        path = self._folder / f"{self._log_prefix}{generation}"
        self._folder.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._size = os.fstat(self._fd).st_size

    # --------------------------------------------------------------- writing

    @callback
    def append(self, ops: list[Op]) -> None:
        """Write one batch of operations; raise :class:`JournalError` on failure.

        On the event loop on purpose (see the module docstring): the line is in
        the operating system's hands when this returns.
        """
        if not ops:
            return
        fd = self._fd
        if fd is None:
            raise JournalError("The journal is closed")
        try:
            data = json_bytes(ops) + b"\n"
        except (TypeError, ValueError) as err:
            # The operations are applied in memory already: as with a full disk,
            # nothing of them may count, and the entry reloads from the disk.
            raise JournalError(f"Could not encode the journal: {err}") from err
        view = memoryview(data)
        written = 0
        try:
            while written < len(data):
                written += os.write(fd, view[written:])
        except OSError as err:
            # Keep the log whole: cut what was half written.
            with suppress(OSError):
                os.ftruncate(fd, self._size)
            raise JournalError(f"Could not write the journal: {err}") from err
        self._size += len(data)
        self.bytes_written += len(data)
        if self._unsub_sync is None:
            self._unsub_sync = async_call_later(self._hass, SYNC_DELAY, self.async_sync)
        if self._compaction is None and self._size > max(
            COMPACT_MIN_BYTES, self._snapshot_size
        ):
            self._compaction = self._hass.async_create_background_task(
                self._async_compact(), f"{DOMAIN} journal compaction"
            )

    async def async_sync(self, _now: datetime | None = None) -> None:
        """Have the disk itself hold what was written."""
        if self._unsub_sync is not None:
            self._unsub_sync()
        self._unsub_sync = None
        if (fd := self._fd) is not None:
            with suppress(OSError):
                await self._hass.async_add_executor_job(os.fdatasync, fd)

    async def _async_compact(self) -> None:
        """Write a snapshot of everything so far and start a new log."""
        try:
            generation = self._generation + 1
            path = self._folder / f"{self._log_prefix}{generation}"
            new_fd = await self._hass.async_add_executor_job(
                os.open, path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
            )
            # One step on the loop: the snapshot holds every operation applied
            # so far, and the new log every later one. (Closing waits for this.)
            old_fd, self._fd = cast("int", self._fd), new_fd
            self._generation, self._size = generation, 0
            data = {"generation": generation, "ledger": self._ledger.snapshot()}
            await self._hass.async_add_executor_job(_sync_and_close, old_fd)
            before = await self._hass.async_add_executor_job(
                _file_identity, self._store.path
            )
            await self._store.async_save(data)
            self._snapshot_size = await self._hass.async_add_executor_job(
                self._after_snapshot, generation, before
            )
            self.snapshot_bytes_written += self._snapshot_size
        except OSError as err:
            LOGGER.warning("Could not compact the message journal: %s", err)
        finally:
            self._compaction = None

    def _after_snapshot(self, generation: int, before: tuple[int, int] | None) -> int:
        """Delete the logs the snapshot holds; return the snapshot's size.

        ``Store.async_save`` logs a failed write and returns: the logs go only
        when the file on disk is new. The store writes atomically (a new file
        renamed over the old), so a new file has a new inode; comparing that is
        what reading back a snapshot of megabytes would prove, at no cost.
        """
        after = _file_identity(self._store.path)
        if after is None or after == before:
            raise OSError(f"The snapshot of generation {generation} was not written")
        for path in self._folder.glob(self._log_prefix + "*"):
            suffix = path.name.removeprefix(self._log_prefix)
            if suffix.isdigit() and int(suffix) < generation:
                path.unlink(missing_ok=True)
        return os.path.getsize(self._store.path)

    # --------------------------------------------------------------- closing

    async def async_close(self) -> None:
        """Make everything written reach the disk, and close the log."""
        if self._compaction is not None:
            await self._compaction
        if self._unsub_sync is not None:
            self._unsub_sync()
            self._unsub_sync = None
        fd, self._fd = self._fd, None
        if fd is not None:
            await self._hass.async_add_executor_job(_sync_and_close, fd)

    async def async_remove(self) -> None:
        """Delete the snapshot and every log (the entry is being removed)."""
        await self.async_close()
        await self._store.async_remove()
        await self._hass.async_add_executor_job(self._remove_logs)

    def _remove_logs(self) -> None:
        for path in self._folder.glob(self._log_prefix + "*"):
            path.unlink(missing_ok=True)

    @property
    def unsynced(self) -> bool:
        """Return True while written lines wait for their ``fdatasync``."""
        return self._unsub_sync is not None


def _file_identity(path: str) -> tuple[int, int] | None:
    """Return a regular file's inode and modification time, None without one."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    return stat.st_ino, stat.st_mtime_ns


def _sync_and_close(fd: int) -> None:
    """Flush a log to the disk and close it."""
    try:
        os.fdatasync(fd)
    except OSError as err:
        LOGGER.debug("fdatasync of the message journal failed: %s", err)
    finally:
        os.close(fd)
