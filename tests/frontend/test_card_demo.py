"""The card in Chromium, on the demo page's mock ``hass``, used as a person would.

A grid of every size shows each slot's state by icon and label; the 512 x 32 grid keeps
only the ports in view in the page and the keyboard still reaches every cell; a slot
opens its dialog and its actions call the integration's actions; the compose box counts
and sends; messages arrive live; the card survives a lost connection, a reloaded entry,
an unavailable gateway, a missing gateway; the editor changes the configuration.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from playwright.async_api import Page, expect

from .conftest import open_demo

if TYPE_CHECKING:
    from pathlib import Path

CELL = "ejoin-slot-grid [role=gridcell]"
CELL_LABEL = re.compile(
    r"^Slot \d+\.\d\d, (Registered|Idle|No SIM|Failed|Locked|Unknown)"
    r"(, active)?, signal (none|[0-4] of 4)$"
)


async def _focused_label(page: Page) -> str | None:
    """The aria-label of the element that has the focus, inside shadow roots."""
    label: str | None = await page.evaluate(
        """() => {
            let element = document.activeElement;
            while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
            return element?.getAttribute("aria-label") ?? null;
        }"""
    )
    return label


async def _focus_reaches(page: Page, pattern: str) -> None:
    """Wait until the focused element's label matches ``pattern`` (or time out)."""
    await page.wait_for_function(
        """pattern => {
            let element = document.activeElement;
            while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
            return new RegExp(pattern).test(element?.getAttribute("aria-label") ?? "");
        }""",
        arg=pattern,
    )
    assert re.match(pattern, await _focused_label(page) or "")


async def _calls(page: Page) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = json.loads(
        await page.evaluate("JSON.stringify(window.demo.mock.calls)")
    )
    return calls


async def test_small_grid_shows_every_slot_by_icon_label_and_active_mark(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "ports=8&slots=4") as page:
        await page.evaluate("window.demo.whenReady()")
        cells = page.locator(CELL)
        await expect(cells).to_have_count(32)
        labels = [await cell.get_attribute("aria-label") for cell in await cells.all()]
        assert all(label and CELL_LABEL.match(label) for label in labels), labels
        # Each port has exactly one active SIM, said in words and marked.
        assert sum(", active," in (label or "") for label in labels) == 8
        await expect(page.locator(f"{CELL}.active")).to_have_count(8)
        assert await page.locator(f"{CELL} svg.state-icon").count() == 32
        # Wide enough: the ports are columns.
        await expect(page.locator("ejoin-slot-grid .grid.columns")).to_have_count(1)
        await expect(
            page.get_by_role("grid", name="SIM slots of Ejoin 45F9")
        ).to_be_visible()


async def test_512_by_32_is_virtualised_and_the_keyboard_reaches_far_ports(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "ports=512&slots=32&panels=grid") as page:
        await page.evaluate("window.demo.whenReady()")
        rendered = await page.locator(CELL).count()
        assert 0 < rendered < 2000, rendered
        legend = await page.locator("ejoin-slot-grid .legend .count").all_inner_texts()
        assert sum(int(count.replace(",", "")) for count in legend) == 512 * 32
        await page.locator(f"{CELL}[tabindex='0']").focus()
        for key in ["ArrowDown"] * 3 + ["PageDown"] * 5 + ["End"]:
            await page.keyboard.press(key)
        # Port 1 + 3 + 5 x 8 = port 44, last slot: rendered and focused after scrolling.
        await _focus_reaches(page, r"^Slot 44\.32, ")
        await page.keyboard.press("Control+End")
        await _focus_reaches(page, r"^Slot 512\.32, ")
        await page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name="Slot 512.32")
        await expect(dialog).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(dialog).to_be_hidden()
        await _focus_reaches(page, r"^Slot 512\.32, ")


async def test_slot_dialog_shows_the_sim_and_calls_the_actions(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "ports=8&slots=4") as page:
        await page.evaluate("window.demo.whenReady()")
        inactive = page.locator(f"{CELL}:not(.active)").first
        label = await inactive.get_attribute("aria-label") or ""
        address = label.split(",")[0].removeprefix("Slot ")
        await inactive.click()
        dialog = page.get_by_role("dialog", name=f"Slot {address}")
        await expect(dialog).to_be_visible()
        for field in ("Balance", "Operator", "Number", "ICCID", "SMS counters"):
            await expect(dialog.get_by_text(field, exact=True)).to_be_visible()
        await expect(dialog.get_by_text("Sent", exact=True)).to_be_visible()
        port = address.split(".")[0]
        await dialog.get_by_role("button", name="Switch to this SIM").click()
        await expect(dialog.get_by_role("status")).to_have_text("Done.")
        # The slots event from the integration marks the new active SIM at once.
        await expect(
            page.locator(f"{CELL}[aria-label^='Slot {address},']")
        ).to_have_class(re.compile(r"\bactive\b"))
        await dialog.get_by_role("button", name=f"Lock port {port}", exact=True).click()
        await expect(dialog.get_by_role("status")).to_have_text("Done.")
        calls = await _calls(page)
        assert [(call["service"], call["service_data"]) for call in calls] == [
            ("switch_sim", {"config_entry_id": "entry1", "slot": address}),
            ("lock_ports", {"config_entry_id": "entry1", "ports": port}),
        ]


async def test_compose_counts_parts_sends_and_shows_each_outcome(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "ports=8&slots=4") as page:
        await page.evaluate("window.demo.whenReady()")
        text = page.get_by_role("textbox", name="Message")
        counter = page.locator("ejoin-compose #counter")
        await text.fill("a" * 160)
        await expect(counter).to_have_text("160 / 160 · 1 SMS · GSM 7-bit")
        await text.fill("a" * 157 + "{}")
        await expect(counter).to_have_text("161 / 306 · 2 SMS · GSM 7-bit")
        await text.fill("Grüße 😀")
        await expect(counter).to_have_text("8 / 70 · 1 SMS · UCS-2")
        # Pick the sending slot in the grid.
        await page.locator(CELL).nth(5).click()
        await page.get_by_role("button", name="Send from this SIM").click()
        port = page.get_by_role("textbox", name="Sending port or slot")
        await expect(port).to_have_value(re.compile(r"^\d+\.\d\d$"))
        await page.get_by_role("textbox", name="Recipients").fill(
            "+491701111111, +491702220000"
        )
        await page.get_by_role("button", name="Send", exact=True).click()
        results = page.locator("ejoin-compose .results li")
        await expect(results).to_have_text(
            [
                re.compile(r"\+491701111111\s*Sent"),
                re.compile(r"\+491702220000\s*Failed"),
            ]
        )
        [call] = await _calls(page)
        assert call["service"] == "send_sms"
        assert call["return_response"] is True
        data = call["service_data"]
        assert data["to"] == ["+491701111111", "+491702220000"]
        assert (data["wait"], data["coding"], data["message"]) == (
            True,
            "auto",
            "Grüße 😀",
        )
        assert data["ports"] == await port.input_value()


async def test_messages_arrive_live_and_filter(chromium: str, demo_dir: Path) -> None:
    async with open_demo(chromium, demo_dir, "ports=8&slots=4") as page:
        await page.evaluate("window.demo.whenReady()")
        await page.evaluate(
            "window.demo.mock.gateways[0].injectSms('Gate opened', '+4915799990000')"
        )
        first = page.locator("ejoin-messages li").first
        await expect(first).to_contain_text("SMS from +4915799990000", timeout=2000)
        await expect(first).to_contain_text("Gate opened")
        await page.get_by_role("searchbox", name="Sender or number").fill("9999")
        await expect(page.locator("ejoin-messages li")).to_have_count(1)
        await page.get_by_role("searchbox", name="Sender or number").fill(
            "no such sender"
        )
        await expect(page.get_by_text("No message matches the filter.")).to_be_visible()


async def test_connection_loss_reload_and_unavailable_gateway(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "ports=8&slots=4") as page:
        await page.evaluate("window.demo.whenReady()")
        lost = page.get_by_text("Connection to Home Assistant lost")
        await page.evaluate("void window.demo.mock.reconnect(1000)")
        await expect(lost).to_be_visible()
        # The last known grid stays on screen while the connection is down.
        await expect(page.locator(CELL)).to_have_count(32)
        await expect(lost).to_be_hidden()
        # Resubscribed: events reach the card again.
        await page.evaluate("window.demo.mock.gateways[0].injectSms('after reconnect')")
        await expect(page.locator("ejoin-messages li").first).to_contain_text(
            "after reconnect"
        )
        await page.evaluate("window.demo.mock.gateways[0].setAvailable(false)")
        await expect(page.get_by_text("The gateway is unavailable")).to_be_visible()
        # A reloaded entry sends a new snapshot: the card starts over from it.
        await page.evaluate(
            """() => { const g = window.demo.mock.gateways[0];
                g.gateway = { ...g.gateway, available: true }; g.messages = [];
                g.emit(g.snapshot()); }"""
        )
        await expect(page.get_by_text("The gateway is unavailable")).to_be_hidden()
        await expect(page.get_by_text("No messages yet.")).to_be_visible()


async def test_no_gateway_and_a_gateway_that_is_not_there(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "gateways=0") as page:
        await expect(page.get_by_text("No Ejoin gateway is configured")).to_be_visible()
    async with open_demo(chromium, demo_dir, "entry=gone") as page:
        await expect(page.get_by_role("alert")).to_contain_text(
            "not set up or not loaded"
        )
        await expect(page.get_by_role("button", name="Retry")).to_be_visible()


async def test_editor_picks_panels_and_their_order(
    chromium: str, demo_dir: Path
) -> None:
    async with open_demo(chromium, demo_dir, "ports=8&slots=4&editor=1") as page:
        await page.evaluate("window.demo.whenReady()")
        editor = page.locator("ejoin-gateway-card-editor")
        await editor.get_by_role("checkbox", name="Messages").uncheck()
        await editor.get_by_role("button", name="Move Send SMS up").click()
        await editor.get_by_role("textbox", name="Title").fill("Rack A")
        await editor.get_by_role("textbox", name="Title").press("Tab")
        config = json.loads(await page.locator("#config").inner_text())
        assert config == {
            "type": "custom:ejoin-gateway-card",
            "config_entry_id": "entry1",
            "panels": ["compose", "grid"],
            "title": "Rack A",
        }
        card = page.locator("ejoin-gateway-card")
        await expect(card.locator("h3")).to_have_text(["Send SMS", "SIM grid"])
        await expect(card.locator(".card-header")).to_have_text("Rack A")
