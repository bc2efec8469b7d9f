"""Fixtures of the card's browser tests: the demo page, built once, and Chromium.

The demo page (frontend/demo) runs the real card against a mock ``hass`` that answers
the card protocol; it loads from disk, so the browser reaches no network at all.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
import os
from pathlib import Path
import shutil
import subprocess
from typing import TYPE_CHECKING

from playwright.async_api import Page, async_playwright
import pytest

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
CHROMIUM = os.environ.get("EJOIN_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Milliseconds one browser step may take (a busy two-core machine).
STEP_TIMEOUT = 20_000


def build_demo(folder: Path) -> Path:
    """The demo page and its freshly built script, in ``folder``."""
    node = shutil.which("node")
    assert node is not None, "Node.js is missing; install Node.js 20 or newer"
    shutil.copy(FRONTEND / "demo" / "index.html", folder / "index.html")
    result = subprocess.run(  # noqa: S603 - our own build script, no user input
        [
            node,
            str(FRONTEND / "build.mjs"),
            "--demo",
            "--outfile",
            str(folder / "dist" / "demo.js"),
        ],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"the demo's build failed:\n{result.stderr}"
    return folder


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo page, built once for the module's tests."""
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium binary."""
    assert Path(CHROMIUM).is_file(), (
        f"no Chromium at {CHROMIUM}: install Debian's package or set EJOIN_E2E_CHROMIUM"
    )
    return CHROMIUM


@asynccontextmanager
async def open_demo(
    chromium: str, demo_dir: Path, query: str, *, width: int = 1100
) -> AsyncIterator[Page]:
    """The demo page with ``query``, its card rendered; no page error may occur."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": width, "height": 1000})
            page.set_default_timeout(STEP_TIMEOUT)
            errors: list[Exception] = []

            def page_error(error: Exception) -> None:
                errors.append(error)

            page.on("pageerror", page_error)
            await page.goto(f"{(demo_dir / 'index.html').as_uri()}?{query}")
            await page.wait_for_function("window.demo !== undefined")
            yield page
            assert not errors, errors
        finally:
            await browser.close()
