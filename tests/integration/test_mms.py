"""Tests of received MMS: the event, the saved attachments and hostile names."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

import pytest

from custom_components.ejoin import mms as mms_module
from custom_components.ejoin.const import DOMAIN, EVENT_MMS_RECEIVED
from custom_components.ejoin.mms import _write_new_file, media_folder, sanitize_filename
from emulator import MmsFile

from .messaging_helpers import (  # noqa: F401 - fixtures
    capture,
    push_options_fixture,
    settle_pushes_fixture,
    wait_for,
    webhook_client_fixture,
    webhook_path,
    webhook_url,
)

if TYPE_CHECKING:
    from aiohttp.test_utils import TestClient
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from emulator import RunningEmulator

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01binary\r\n\x00data\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


@pytest.fixture
def media(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Point Home Assistant's local media folder at a temporary folder."""
    folder = tmp_path / "media"
    folder.mkdir()
    hass.config.media_dirs = {"local": str(folder)}
    return folder


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _folder(media: Path, entry: MockConfigEntry) -> Path:
    return media / "ejoin" / str(entry.unique_id).replace(":", "")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def _post_mms(
    client: TestClient[Any, Any],
    entry: MockConfigEntry,
    parts: list[tuple[bytes, bytes]],
    *,
    date: str | None = "Thu, 28 Mar 2024 09:47:10 GMT",
) -> int:
    """POST a hand-made MMS whose parts are ``(header lines, body)``."""
    chunks = [b"--b1\r\nContent-Type: application/smil\r\n\r\n<smil/>"]
    chunks += [b"--b1\r\n" + head + b"\r\n\r\n" + body for head, body in parts]
    headers = {
        "Content-Type": 'multipart/related; boundary=b1; type="application/smil"',
        "Emms-Subject": f"{_b64('Hostile')}; charset=UTF-8",
        "Emms-From": f"{_b64('+15550009999')}; type=PLMN; charset=UTF-8",
        "Emms-To": f"{_b64('+15550001111')}; type=PLMN; charset=UTF-8",
    }
    if date is not None:
        headers["Date"] = date
    response = await client.post(
        webhook_path(entry),
        data=b"\r\n".join([*chunks, b"--b1--"]) + b"\r\n",
        headers=headers,
    )
    return response.status


async def test_mms_push_fires_the_event_and_saves_attachments(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    media: Path,
) -> None:
    """Subject, sender, recipient and text decoded; files under the media folder."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    emulator.configure(mms_url=webhook_url(webhook_client, init_integration))
    emulator.inject_mms(
        sender="+15550009999",
        recipient="+15550001111",
        subject="Grüße",
        text="Look at this",
        attachments=[
            MmsFile(filename="photo.jpg", content_type="image/jpeg", data=JPEG),
            MmsFile(filename="anim.gif", content_type="image/gif", data=GIF),
        ],
    )
    await wait_for(emulator, lambda: len(events) == 1)
    data = events[0].data
    assert data["config_entry_id"] == init_integration.entry_id
    assert data["mac"] == init_integration.unique_id
    assert data["device_id"]
    assert data["sender"] == "+15550009999"
    assert data["recipient"] == "+15550001111"
    assert data["subject"] == "Grüße"
    assert data["text"] == "Look at this"
    assert data["date"].endswith("+00:00")
    folder = _folder(media, init_integration)
    attachments = data["attachments"]
    assert [item["content_type"] for item in attachments] == ["image/jpeg", "image/gif"]
    assert [item["size"] for item in attachments] == [len(JPEG), len(GIF)]
    assert attachments[0]["filename"].endswith("_photo.jpg")
    for item, content in zip(attachments, (JPEG, GIF), strict=True):
        path = Path(item["path"])
        assert path.parent == folder
        assert path.name == item["filename"]
        assert _read(path) == content


async def test_hostile_file_names_stay_in_the_folder(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
    tmp_path: Path,
) -> None:
    """Traversal, NUL, control characters and hidden names are neutralised."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    names = [
        b"../../../../outside.jpg",
        b"..\\..\\windows.gif",
        b"..",
        b".hidden.jpg",
        b"bell\x07\x1b[31m.jpg",
        b"a/b/../../c.jpg",
        b"x" * 300 + b".jpg",
        b"/etc/passwd",
    ]
    parts = [
        (b'Content-Type: image/jpeg; name="' + name + b'"', b"data %d" % number)
        for number, name in enumerate(names)
    ]
    parts.append((b"Content-Type: image/gif\r\nContent-Location: \x00nul.gif", b"nul"))
    parts.append((b"Content-Type: application/octet-stream", b"no name"))
    parts.append((b"Content-Type: text/plain; charset=utf-8", b"the text"))
    assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    data = events[0].data
    assert data["text"] == "the text"
    assert data["date"] == "2024-03-28T09:47:10+00:00"
    folder = _folder(media, init_integration).resolve()
    saved = [Path(item["path"]) for item in data["attachments"]]
    assert len(saved) == len(names) + 2
    assert len(set(saved)) == len(saved)
    for path in saved:
        assert path.resolve().parent == folder
        assert not path.name.startswith(".")
        assert all(char.isprintable() for char in path.name)
        assert len(path.name) < 120
        assert path.exists()
    assert not (tmp_path / "outside.jpg").exists()
    assert [path.name.split("_", 1)[1] for path in saved] == [
        "outside.jpg",
        "windows.gif",
        "attachment.jpg",
        "hidden.jpg",
        "bell_31m.jpg",
        "c.jpg",
        "x" * 80 + ".jpg",
        "passwd.jpg",
        "nul.gif",
        "attachment.bin",
    ]
    assert sorted(item.name for item in folder.iterdir()) == sorted(
        path.name for path in saved
    )


async def test_same_names_get_unique_files(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
) -> None:
    """Two MMS of the same second, each with two attachments of the same name."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    contents = [b"one", b"two", b"three", b"four"]
    for first, second in (contents[:2], contents[2:]):
        parts = [
            (b'Content-Type: image/jpeg; name="same.jpg"', first),
            (b'Content-Type: image/jpeg; name="same.jpg"', second),
        ]
        assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    paths = [
        Path(item["path"]) for event in events for item in event.data["attachments"]
    ]
    assert len(set(paths)) == 4
    assert [_read(path) for path in paths] == contents
    assert paths[1].name == "20240328-094710_same_1.jpg"


async def test_mms_pushed_twice_fires_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
) -> None:
    """A push the gateway repeats (same date and content) fires and saves once."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    parts = [(b'Content-Type: image/jpeg; name="photo.jpg"', JPEG)]
    for _ in range(2):
        assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    assert len(events) == 1
    assert len(list(_folder(media, init_integration).iterdir())) == 1


async def test_undated_identical_mms_both_fire(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
) -> None:
    """Without the gateway's date, two identical MMS may be two messages."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    parts = [(b"Content-Type: text/plain", b"same words")]
    for _ in range(2):
        status = await _post_mms(webhook_client, init_integration, parts, date=None)
        assert status == 200
    await hass.async_block_till_done()
    assert [event.data["text"] for event in events] == ["same words"] * 2


async def test_a_link_in_the_folder_is_not_followed(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
    tmp_path: Path,
) -> None:
    """A planted link with the attachment's name is neither followed nor replaced."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    folder = _folder(media, init_integration)
    folder.mkdir(parents=True)
    target = tmp_path / "target.jpg"
    (folder / "20240328-094710_trap.jpg").symlink_to(target)
    parts = [(b'Content-Type: image/jpeg; name="trap.jpg"', b"payload")]
    assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    path = Path(events[0].data["attachments"][0]["path"])
    assert path.name == "20240328-094710_trap_1.jpg"
    assert _read(path) == b"payload"
    assert not target.exists()


async def test_unwritable_media_folder(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The event still fires, without paths, and a warning is logged."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    (media / "ejoin").write_text("not a folder")
    parts = [(b'Content-Type: image/jpeg; name="a.jpg"', b"x")]
    assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    assert events[0].data["attachments"] == [
        {"content_type": "image/jpeg", "filename": "a.jpg", "size": 1, "path": None}
    ]
    assert "Could not save the attachments" in caplog.text


async def test_media_folder_defaults_to_the_config_folder(
    hass: HomeAssistant,
) -> None:
    """Without a local media folder, ``<config>/media`` is used."""
    hass.config.media_dirs = {}
    assert media_folder(hass, "00:30:f1:01:02:03") == Path(
        hass.config.path("media"), "ejoin", "0030f1010203"
    )


@pytest.mark.usefixtures("media")
async def test_sent_mms_arrives_back(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    emulator: RunningEmulator,
    webhook_client: TestClient[Any, Any],
    tmp_path: Path,
) -> None:
    """An MMS sent to one of the gateway's own SIMs comes back as an event."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    emulator.configure(mms_url=webhook_url(webhook_client, init_integration))
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    photo = tmp_path / "snap.jpg"
    photo.write_bytes(JPEG)
    own = emulator.gateway.slot_sn(
        emulator.gateway.slot_state(2, emulator.gateway.port_state(2).active_slot)
    )
    await hass.services.async_call(
        DOMAIN,
        "send_mms",
        {
            "to": own,
            "subject": "Snapshot",
            "message": "From the door",
            "attachments": [str(photo)],
            "ports": "1",
        },
        blocking=True,
    )
    await wait_for(emulator, lambda: len(events) == 1)
    data = events[0].data
    assert data["subject"] == "Snapshot"
    assert data["recipient"] == own
    assert _read(Path(data["attachments"][0]["path"])) == JPEG


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("photo.jpg", "image/jpeg", "photo.jpg"),
        ("Photo.JPG", "image/jpeg", "Photo.jpg"),
        (None, "image/png", "attachment.png"),
        ("", "audio/amr", "attachment.amr"),
        ("noext", "image/gif", "noext.gif"),
        ("noext", "application/x-unknown-thing", "noext.bin"),
        ("../../x.jpg", "image/jpeg", "x.jpg"),
        ("C:\\Users\\me\\x.jpg", "image/jpeg", "x.jpg"),
        ("...", "image/jpeg", "attachment.jpg"),
        ("  spaced name .txt ", "text/plain", "spaced name.txt"),
        ("a\x00b\nc.jpg", "image/jpeg", "abc.jpg"),
        ("straße;rm -rf.jpg", "image/jpeg", "straße_rm -rf.jpg"),
        ("file.tar.gz", "application/gzip", "file.tar.gz"),
        ("file.<script>", "image/jpeg", "file.script"),
    ],
)
def test_sanitize_filename(name: str | None, content_type: str, expected: str) -> None:
    """File names are reduced to a harmless form."""
    assert sanitize_filename(name, content_type) == expected


def test_write_new_file_guards(tmp_path: Path) -> None:
    """A name with a folder is refused; a full set of names gives up."""
    with pytest.raises(ValueError, match="leaves the media folder"):
        _write_new_file(tmp_path, "../evil.jpg", b"x")
    (tmp_path / "a.jpg").write_bytes(b"x")
    with patch.object(mms_module, "_MAX_TRIES", 1), pytest.raises(FileExistsError):
        _write_new_file(tmp_path, "a.jpg", b"y")


async def test_mms_pushed_during_a_reload_fires_once_loaded(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    webhook_client: TestClient[Any, Any],
    media: Path,
) -> None:
    """The spool keeps the MMS's own headers: it reads the same afterwards."""
    events = capture(hass, EVENT_MMS_RECEIVED)
    parts = [(b'Content-Type: image/jpeg; name="photo.jpg"', JPEG)]
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    assert events == []
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert len(events) == 1
    data = events[0].data
    assert (data["subject"], data["sender"]) == ("Hostile", "+15550009999")
    assert data["date"] == "2024-03-28T09:47:10+00:00"
    assert _read(Path(data["attachments"][0]["path"])) == JPEG
    # The same push again (the gateway repeats it) is known.
    assert await _post_mms(webhook_client, init_integration, parts) == 200
    await hass.async_block_till_done()
    assert len(events) == 1
