"""The integration in a real browser: Debian's Chromium, driven by Playwright.

A fresh Home Assistant (not onboarded) and its own emulator: the test finishes
onboarding like a new user, adds the integration through the UI config flow, opens
the gateway's device page, a port's device page and the options flow, taking a
screenshot of each, then listens for an SMS the way the README says (Settings > Tools
> Events). The screenshots go to the test's temporary folder; ``scripts/screenshots``
sets ``EJOIN_SCREENSHOT_DIR`` to refresh those of ``docs/screenshots/`` (the README
shows them), so a test run leaves the checkout as it was.

Playwright's own browser download is never used: the test points it at the
``chromium`` binary of Debian's package (``EJOIN_E2E_CHROMIUM`` overrides the path).
Every request the page makes beyond this Home Assistant is refused, and so are the
brand images of other integrations, which Home Assistant would fetch from the web.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import re
import time
from typing import TYPE_CHECKING

from PIL import Image
from playwright.async_api import Locator, Page, Route, ViewportSize, async_playwright
import pytest

from .conftest import allow_loopback
from .ha_client import sync_request
from .harness import EmulatorInstance, HassInstance

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

CHROMIUM = os.environ.get("EJOIN_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where to keep the screenshots (``scripts/screenshots``: docs/screenshots); by
#: default the test's temporary folder.
SCREENSHOT_DIR = os.environ.get("EJOIN_SCREENSHOT_DIR")
VIEWPORT: ViewportSize = {"width": 1280, "height": 860}
#: Milliseconds one browser step may take (a busy two-core machine).
STEP_TIMEOUT = 30_000
#: The first load of the app after onboarding, in ms: slow while the machine is busy.
APP_LOAD_TIMEOUT = 90_000
#: A screenshot of a real page: at least this big, this many colours, and no colour
#: covering more of it than this share (a blank or half-drawn page fails).
MIN_SCREENSHOT_BYTES = 20_000
MIN_SCREENSHOT_COLOURS = 100
MAX_BACKGROUND_SHARE = 0.95
#: Every screenshot the test takes, for the README.
SCREENSHOT_NAMES = (
    "config-flow.png",
    "integration.png",
    "gateway-device.png",
    "port-device.png",
    "options.png",
)

#: The SMS the test listens for, as scripts/develop suggests.
SMS_TEXT = "Hello from the emulator"

USER_NAME = "Eve Example"
USER_LOGIN = "eve"
USER_PASSWORD = "a-long-password-for-eve"


@pytest.fixture(scope="module")
def ui_stack(e2e_dir: Path) -> Iterator[tuple[HassInstance, EmulatorInstance]]:
    """A fresh Home Assistant without test helpers, and an emulator of its own.

    Started, and checked for integrations it could not set up, before the browser
    opens it (a failed one can leave the frontend loading for ever); checked again
    once it has stopped.
    """
    allow_loopback()
    emulator = EmulatorInstance.create(e2e_dir)
    hass = HassInstance.create(e2e_dir / "hass-ui", test_helpers=False)
    try:
        emulator.start()
        hass.start()
        hass.wait_initialized()
        yield hass, emulator
    finally:
        hass.stop()
        emulator.process.stop()
    hass.check_setup()


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium binary."""
    assert Path(CHROMIUM).is_file(), (
        f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install "
        "chromium) or set EJOIN_E2E_CHROMIUM"
    )
    return CHROMIUM


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the screenshots go: ``EJOIN_SCREENSHOT_DIR``, else a temporary folder."""
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _textbox(page: Page, label: str) -> Locator:
    """The text field labelled ``label`` (required fields add a ``*``)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


async def _screenshot(
    page: Page, path: Path, shows: Sequence[str], *, full_page: bool = False
) -> None:
    """Save a screenshot of what the page shows now; it must show ``shows``."""
    await page.wait_for_load_state("networkidle")
    for text in shows:
        await page.get_by_text(text).first.wait_for(state="visible")
    # Animations (dialogs slide in) finished at once rather than waited for.
    await page.screenshot(path=path, full_page=full_page, animations="disabled")
    _assert_not_blank(path)


def _assert_not_blank(path: Path) -> None:
    """A screenshot is a drawn page: big enough, colourful, not one flat colour."""
    size = path.stat().st_size
    assert size > MIN_SCREENSHOT_BYTES, f"{path.name}: only {size} bytes"
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        pixels = rgb.width * rgb.height
        colours = rgb.getcolors(maxcolors=pixels) or []
    assert len(colours) >= MIN_SCREENSHOT_COLOURS, f"{path.name}: {len(colours)}"
    background = max(count for count, _colour in colours) / pixels
    assert background <= MAX_BACKGROUND_SHARE, f"{path.name}: {background:.0%} flat"


@pytest.mark.timeout(300)
async def test_onboarding_config_flow_device_pages_and_options(
    ui_stack: tuple[HassInstance, EmulatorInstance],
    chromium: str,
    screenshots: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a new user does, start to finish, with screenshots."""
    hass, emulator = ui_stack
    # Never look for (or download) Playwright's own browsers.
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-browsers"))
    base = hass.base_url

    async def only_this_home_assistant(route: Route) -> None:
        url = route.request.url
        local = url.startswith((base + "/", "data:"))
        foreign_brand = (
            "/api/brands/" in url and "/api/brands/integration/ejoin/" not in url
        )
        if local and not foreign_brand:
            await route.continue_()
        else:
            await route.abort()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = await browser.new_context(viewport=VIEWPORT)
            await context.route("**/*", only_this_home_assistant)
            page = await context.new_page()
            page.set_default_timeout(STEP_TIMEOUT)
            started = time.time_ns()
            await _user_journey(page, base, emulator, screenshots)
        finally:
            await browser.close()
    for name in SCREENSHOT_NAMES:  # each one new (a stale file must not pass)
        assert (screenshots / name).stat().st_mtime_ns >= started, name
        _assert_not_blank(screenshots / name)


async def _user_journey(
    page: Page, base: str, emulator: EmulatorInstance, screenshots: Path
) -> None:
    # Onboarding: welcome, user, home location, country, analytics, done.
    await page.goto(base)
    await page.get_by_role("button", name="Create my smart home").click()
    await _textbox(page, "Name").fill(USER_NAME)
    await _textbox(page, "Username").fill(USER_LOGIN)
    await _textbox(page, "Password").fill(USER_PASSWORD)
    await _textbox(page, "Confirm password").fill(USER_PASSWORD)
    await page.get_by_role("button", name="Create account").click()
    await page.get_by_role("heading", name="Home location").wait_for()
    await page.get_by_role("button", name="Next").click()  # home location
    await page.get_by_role("button", name="Next").click()  # country
    await page.get_by_role("heading", name="Help us help you").wait_for()
    await page.get_by_role("button", name="Next").click()  # analytics
    await page.get_by_role("button", name="Finish").click()
    # Home Assistant took its HTTP settings from configuration.yaml and asks to
    # confirm them (else it reverts them after five minutes). The dialog comes once
    # the app has loaded, which takes a while on a busy machine.
    await page.get_by_role("button", name="Confirm").click(timeout=APP_LOAD_TIMEOUT)

    # Settings > Devices & services > Add integration > Ejoin GSM Gateway.
    await page.goto(base + "/config/integrations/dashboard")
    await page.get_by_role("button", name="Add integration").click()
    await page.get_by_placeholder("Search for a brand name").fill("Ejoin")
    await page.get_by_text("Ejoin GSM Gateway").click()
    await _textbox(page, "Host").fill("127.0.0.1")
    await page.get_by_role("spinbutton", name=re.compile("^Port")).fill(
        str(emulator.port)
    )
    await _textbox(page, "Password").fill(emulator.password)
    await _screenshot(page, screenshots / "config-flow.png", ["Ejoin GSM Gateway"])
    await page.get_by_role("button", name="Submit").click()
    await page.get_by_role("button", name="Skip and finish").click()

    # The integration's page: one hub, the gateway and its eight ports.
    await page.goto(base + "/config/integrations/integration/ejoin")
    await page.get_by_role("link", name="9 devices").wait_for()
    await _screenshot(
        page, screenshots / "integration.png", ["Ejoin GSM Gateway", "9 devices"]
    )

    # The gateway's device page: firmware, MAC, buttons, the messages event. The
    # gateway is named after its MAC's last four digits ("Ejoin 45F9"), and each of
    # its ports after it ("Ejoin 45F9 port 1").
    gateway_name = "Ejoin " + emulator.mac.replace(":", "")[-4:].upper()
    port_1 = f"{gateway_name} port 1"
    await page.get_by_text(re.compile(r"^8-port GSM gateway")).click()
    await page.wait_for_url(re.compile("/config/devices/device/"))
    await page.get_by_text("MAC: 00:30:F1", exact=False).wait_for()
    await page.get_by_text("Reboot", exact=True).wait_for()
    await _screenshot(
        page,
        screenshots / "gateway-device.png",
        [
            "MAC: 00:30:F1",
            gateway_name,
            "Reboot",
            "Save configuration",
            "Messages",
            port_1,
        ],
    )

    # A port's device page: active slot, enabled switch, the slots' sensors.
    await page.go_back()
    await page.get_by_text(port_1, exact=True).click()
    await page.wait_for_url(re.compile("/config/devices/device/"))
    await page.get_by_text("Active slot").first.wait_for()
    await page.get_by_text("Slot 02 signal").wait_for()
    await _screenshot(
        page,
        screenshots / "port-device.png",
        ["Active slot", "Slot 02 signal", "Reset"],
        full_page=True,
    )

    # The options flow, with the URL to paste into the gateway's MMS settings.
    await page.go_back()
    await page.get_by_role("button", name="Configure").click()
    await page.get_by_text("/api/webhook/").wait_for()
    await page.get_by_text("Balance currency").wait_for()
    await _screenshot(
        page,
        screenshots / "options.png",
        ["Gateway options", "/api/webhook/", "Balance currency"],
    )
    await page.keyboard.press("Escape")

    # An SMS recipient (a subentry of the gateway): its form, then its notify entity.
    await page.get_by_text("Add recipient").first.click()
    await _textbox(page, "Name").fill("Alice")
    await _textbox(page, "Phone number").fill("+491701234567")
    await _screenshot(
        page, screenshots / "recipient-flow.png", ["Add recipient", "Phone number"]
    )
    await page.get_by_role("button", name="Submit").click()
    await page.get_by_role("button", name="Finish").click()
    recipient = page.get_by_text("Alice", exact=True).first
    await recipient.scroll_into_view_if_needed()
    await _screenshot(page, screenshots / "recipient.png", ["Alice", "SMS recipient"])

    # The README's way to watch the integration's events: Settings > Tools > Events,
    # listen for ejoin_sms_received, send an SMS through the emulator.
    await page.get_by_role("link", name="Settings").first.click()
    await page.get_by_text("Tools", exact=True).click()
    await page.get_by_role("tab", name="Events").click()
    await page.get_by_role("heading", name="Listen to events").wait_for()
    await _textbox(page, "Event to subscribe to").fill("ejoin_sms_received")
    await page.get_by_role("button", name="Start listening").click()
    await page.get_by_role("button", name="Stop listening").wait_for()
    status, body = await asyncio.to_thread(
        sync_request,
        "POST",
        emulator.base_url + "/_emulator/sms",
        json_body={"slot": "1.01", "sender": "+15550100", "text": SMS_TEXT},
    )
    assert status == 200, body
    await page.get_by_text(SMS_TEXT).first.wait_for()
