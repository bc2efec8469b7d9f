"""Tests of the journal: the ledger's snapshot and its append-only logs on disk."""

from __future__ import annotations

from datetime import timedelta
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.helpers.storage import STORAGE_DIR
from homeassistant.util import dt as dt_util
from homeassistant.util.file import WriteError
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ejoin import journal as journal_module
from custom_components.ejoin.journal import SYNC_DELAY, Journal, JournalError

from .messaging_helpers import real_snapshots_fixture  # noqa: F401 - fixture

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

ENTRY = "entry"


def _folder(hass: HomeAssistant) -> Path:
    return Path(hass.config.path(STORAGE_DIR))


def _log(hass: HomeAssistant, generation: int = 0) -> Path:
    return _folder(hass) / f"ejoin.{ENTRY}.log.{generation}"


def _snapshot(hass: HomeAssistant) -> Path:
    return _folder(hass) / f"ejoin.{ENTRY}"


def _unsynced(journal: Journal) -> bool:
    return journal.unsynced


def _size(path: Path) -> int:
    return path.stat().st_size


def _logs(hass: HomeAssistant) -> list[str]:
    return sorted(path.name for path in _folder(hass).glob(f"ejoin.{ENTRY}.log.*"))


def _cursor(next_id: int) -> list[Any]:
    return ["cursor", "s", next_id, 0]


def _line(*ops: list[Any]) -> bytes:
    return json.dumps(list(ops), separators=(",", ":")).encode() + b"\n"


async def _load(hass: HomeAssistant) -> tuple[Journal, Any]:
    journal = Journal(hass, ENTRY)
    return journal, await journal.async_load()


async def test_empty_journal(hass: HomeAssistant) -> None:
    """A first load starts an empty ledger and an empty log; nothing is written."""
    journal, ledger = await _load(hass)
    assert not ledger.initialized
    journal.append([])
    assert journal.bytes_written == 0
    assert not _unsynced(journal)
    await journal.async_close()
    assert _logs(hass) == [f"ejoin.{ENTRY}.log.0"]
    assert _log(hass).read_bytes() == b""


async def test_lines_are_replayed_and_synced(hass: HomeAssistant) -> None:
    """Each batch is one line; the disk has it within the sync delay."""
    journal, ledger = await _load(hass)
    journal.append([ledger.cursor("s", 3)])
    journal.append([ledger.cursor("s", 5), ledger.apply(["horizon", 2e9])])
    assert _log(hass).read_bytes() == _line(_cursor(3)) + _line(
        _cursor(5), ["horizon", 2e9]
    )
    assert journal.bytes_written == len(_log(hass).read_bytes())
    assert _unsynced(journal)
    with patch(
        "custom_components.ejoin.journal.os.fdatasync", wraps=os.fdatasync
    ) as sync:
        async_fire_time_changed(
            hass, dt_util.utcnow() + timedelta(seconds=SYNC_DELAY + 0.1)
        )
        await hass.async_block_till_done()
    assert sync.call_count == 1
    assert not _unsynced(journal)
    await journal.async_close()

    _, again = await _load(hass)
    assert (again.ssrc, again.next_id, again.horizon) == ("s", 5, 2e9)


async def test_a_line_cut_short_at_the_end_is_dropped(hass: HomeAssistant) -> None:
    """A crash while writing leaves half a line: it is dropped and cut off."""
    _folder(hass).mkdir(parents=True, exist_ok=True)
    whole = _line(_cursor(3))
    _log(hass).write_bytes(whole + _line(_cursor(9))[:-5])
    # Not a log of this journal: left alone.
    (_folder(hass) / f"ejoin.{ENTRY}.log.0.bak").write_bytes(_line(_cursor(1)))
    journal, ledger = await _load(hass)
    assert ledger.next_id == 3
    assert _log(hass).read_bytes() == whole
    assert (_folder(hass) / f"ejoin.{ENTRY}.log.0.bak").exists()
    journal.append([ledger.cursor("s", 4)])
    await journal.async_close()
    _, again = await _load(hass)
    assert again.next_id == 4


async def test_a_line_without_its_newline_is_dropped(hass: HomeAssistant) -> None:
    """Valid JSON without the line's end may still be cut short: dropped too."""
    _folder(hass).mkdir(parents=True, exist_ok=True)
    _log(hass).write_bytes(_line(_cursor(3)) + _line(_cursor(9))[:-1])
    journal, ledger = await _load(hass)
    assert ledger.next_id == 3
    await journal.async_close()


async def test_a_damaged_middle_line_is_skipped(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A line that cannot be read between good ones is skipped with a warning."""
    _folder(hass).mkdir(parents=True, exist_ok=True)
    content = (
        _line(_cursor(3))
        + b"\x00\x00garbage\n"
        + b'{"not": "a batch"}\n'
        + _line(["horizon", 2e9])
    )
    _log(hass).write_bytes(content)
    journal, ledger = await _load(hass)
    assert (ledger.next_id, ledger.horizon) == (3, 2e9)
    assert _log(hass).read_bytes() == content
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "damaged line" in record.getMessage()
    ]
    assert len(warnings) == 2
    await journal.async_close()


@pytest.mark.usefixtures("real_snapshots")
async def test_compaction(hass: HomeAssistant) -> None:
    """A log bigger than the snapshot becomes a snapshot; a new log starts.

    The old log is deleted; a load reads the snapshot and replays the new log.
    """
    journal, ledger = await _load(hass)
    with patch.object(journal_module, "COMPACT_MIN_BYTES", 100):
        for next_id in range(10):
            journal.append([ledger.cursor("s", next_id)])
        await hass.async_block_till_done(wait_background_tasks=True)
        assert _logs(hass) == [f"ejoin.{ENTRY}.log.1"]
        snapshot = json.loads(_snapshot(hass).read_text())
        assert snapshot["version"] == 2
        assert snapshot["data"]["generation"] == 1
        assert journal.snapshot_bytes_written == _size(_snapshot(hass))
        # Later lines go to the new log, and are replayed over the snapshot.
        journal.append([ledger.cursor("s", 42)])
        assert _log(hass, 1).read_bytes().endswith(_line(_cursor(42)))
        await journal.async_close()

        again, loaded = await _load(hass)
        assert loaded.snapshot() == ledger.snapshot()
        assert loaded.next_id == 42
        # The next compaction waits until the log outgrows the snapshot.
        room = _size(_snapshot(hass)) - _size(_log(hass, 1))
        for next_id in range(room // len(_line(_cursor(0)))):
            again.append([loaded.cursor("s", next_id)])
        await hass.async_block_till_done(wait_background_tasks=True)
        assert _logs(hass) == [f"ejoin.{ENTRY}.log.1"]
        again.append([loaded.cursor("s", 7)])
        again.append([loaded.cursor("s", 8)])
        await hass.async_block_till_done(wait_background_tasks=True)
        assert _logs(hass) == [f"ejoin.{ENTRY}.log.2"]
        await again.async_close()
    _, last = await _load(hass)
    assert last.next_id == 8


@pytest.mark.usefixtures("real_snapshots")
async def test_logs_older_than_the_snapshot_are_deleted(hass: HomeAssistant) -> None:
    """A log the snapshot already holds (a crash before deleting it) is not replayed."""
    journal, ledger = await _load(hass)
    with patch.object(journal_module, "COMPACT_MIN_BYTES", 10):
        journal.append([ledger.cursor("s", 7)])
        await journal.async_close()
    _log(hass, 0).write_bytes(_line(_cursor(1)))
    _, again = await _load(hass)
    assert again.next_id == 7
    assert _logs(hass) == [f"ejoin.{ENTRY}.log.1"]


@pytest.mark.usefixtures("real_snapshots")
async def test_a_failed_compaction_keeps_the_logs(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A snapshot that cannot be written (a full disk) deletes no log.

    ``Store.async_save`` only logs the failure: the journal checks the file.
    """
    journal, ledger = await _load(hass)
    with patch.object(journal_module, "COMPACT_MIN_BYTES", 10):
        journal.append([ledger.cursor("s", 6)])
        await hass.async_block_till_done(wait_background_tasks=True)
        assert _logs(hass) == [f"ejoin.{ENTRY}.log.1"]
        with patch(
            "homeassistant.helpers.storage.write_utf8_file_atomic",
            side_effect=WriteError(OSError(28, "No space left on device")),
        ):
            # One line bigger than the snapshot: the next compaction starts.
            journal.append([ledger.cursor("s", next_id) for next_id in range(99)])
            await hass.async_block_till_done(wait_background_tasks=True)
    assert "Could not compact the message journal" in caplog.text
    assert _logs(hass) == [f"ejoin.{ENTRY}.log.1", f"ejoin.{ENTRY}.log.2"]
    assert json.loads(_snapshot(hass).read_text())["data"]["generation"] == 1
    await journal.async_close()
    _, again = await _load(hass)
    assert again.next_id == 98


@pytest.mark.usefixtures("real_snapshots")
async def test_a_snapshot_without_a_file_deletes_no_log(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever keeps the snapshot from its file, the logs stay."""
    _snapshot(hass).parent.mkdir(parents=True, exist_ok=True)
    journal, ledger = await _load(hass)
    # A folder where the snapshot goes: it cannot be written, nor read back.
    _snapshot(hass).mkdir()
    with patch.object(journal_module, "COMPACT_MIN_BYTES", 10):
        journal.append([ledger.cursor("s", 7)])
        await hass.async_block_till_done(wait_background_tasks=True)
    assert "Could not compact the message journal" in caplog.text
    assert f"ejoin.{ENTRY}.log.0" in _logs(hass)
    await journal.async_close()
    _snapshot(hass).rmdir()
    _, again = await _load(hass)
    assert again.next_id == 7


async def test_a_failed_write_raises(hass: HomeAssistant) -> None:
    """A line the system does not take raises; nothing of it stays in the log."""
    journal, ledger = await _load(hass)
    journal.append([ledger.cursor("s", 3)])
    size = _size(_log(hass))
    writable = journal._fd
    assert writable is not None
    journal._fd = os.open(_log(hass), os.O_RDONLY)
    try:
        with pytest.raises(JournalError, match="Could not write the journal"):
            journal.append([ledger.cursor("s", 4)])
    finally:
        os.close(journal._fd)
        journal._fd = writable
    assert _size(_log(hass)) == size
    await journal.async_close()
    with pytest.raises(JournalError, match="closed"):
        journal.append([ledger.cursor("s", 5)])
    await journal.async_sync()
    await journal.async_close()


@pytest.mark.usefixtures("real_snapshots")
async def test_remove(hass: HomeAssistant) -> None:
    """Removing deletes the snapshot and every log."""
    journal, ledger = await _load(hass)
    with patch.object(journal_module, "COMPACT_MIN_BYTES", 10):
        journal.append([ledger.cursor("s", 3)])
        await hass.async_block_till_done(wait_background_tasks=True)
    journal.append([ledger.cursor("s", 4)])
    assert _snapshot(hass).is_file()
    await journal.async_remove()
    assert not _snapshot(hass).exists()
    assert _logs(hass) == []
    journal, again = await _load(hass)
    assert not again.initialized
    await journal.async_close()


async def test_operations_that_cannot_be_encoded_count_as_not_written(
    hass: HomeAssistant,
) -> None:
    """Something JSON cannot hold fails the batch like a full disk would."""
    journal = Journal(hass, "entry")
    await journal.async_load()
    with pytest.raises(JournalError, match="encode"):
        journal.append([["cursor", object(), 1, 0]])
    assert _size(_log(hass)) == 0
    await journal.async_close()
