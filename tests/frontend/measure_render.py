"""Measure the card's render time in Chromium: ``python -m tests.frontend.measure_render``.

Time from adding a card for a gateway of ports x slots (grid panel only, 500 px wide)
to its grid painted, on the demo page's mock ``hass``: the snapshot's handling, the
grid's rows, Lit's render and the virtualiser's layout. Also the time to show 100
changed slots on a 512 x 32 grid. Prints the median of several runs after a warm-up.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import statistics
import sys
import tempfile

from .conftest import CHROMIUM, build_demo, open_demo

SIZES = ((8, 4), (64, 8), (512, 32))
RUNS = 7


async def _measure(demo: Path) -> list[str]:
    lines = []
    async with open_demo(CHROMIUM, demo, "ports=512&slots=32&panels=grid") as page:
        await page.evaluate("window.demo.whenReady()")
        for ports, slots in SIZES:
            await page.evaluate(f"window.demo.measureRender({ports}, {slots})")
            times = [
                (await page.evaluate(f"window.demo.measureRender({ports}, {slots})"))[
                    "ms"
                ]
                for _ in range(RUNS)
            ]
            lines.append(
                f"render {ports} x {slots}: median {statistics.median(times):.0f} ms "
                f"(min {min(times):.0f}, max {max(times):.0f}, {RUNS} runs)"
            )
        updates = [
            await page.evaluate("window.demo.measureUpdate(100)") for _ in range(RUNS)
        ]
        lines.append(
            f"update 100 slots of 512 x 32: median {statistics.median(updates):.0f} ms"
        )
    return lines


def main() -> None:
    """Build the demo page, measure, print."""
    with tempfile.TemporaryDirectory() as folder:
        demo = build_demo(Path(folder))
        for line in asyncio.run(_measure(demo)):
            sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
