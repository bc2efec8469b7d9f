"""Run every benchmark against the emulator and a real Home Assistant.

``python -m bench.run`` (``scripts/bench``): starts two emulated gateways and Home
Assistant on loopback, sets both gateways up through the config flow, runs the
benchmarks one after another, and writes ``bench/results/latest.{json,md}`` and
the README's table. Exits 1 when a target is missed, 2 when a benchmark could not
run; every process is stopped either way.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from functools import partial
from importlib.metadata import version
import json
import os
from pathlib import Path
import platform
import shutil
import signal
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any, NoReturn

import aiohttp

from . import report
from .bulk import run_bulk
from .client import BenchClient
from .common import Bench
from .fuzz import run_fuzz
from .large import run_large
from .push import run_burst, run_latency
from .stack import Stack
from .xl import run_xl

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from types import FrameType

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
README = REPO_ROOT / "README.md"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the samples and fuzz cases; prints, writes nothing",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the logs and configuration"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=STEPS,
        help="run only this step (repeatable); prints, writes nothing",
    )
    return parser.parse_args(argv)


#: The benchmark's steps, in the order they run.
STEPS = (
    "push latency",
    "bursts",
    "large gateway",
    "512 x 32 gateway",
    "bulk send",
    "fuzzing",
)


async def _run(stack: Stack, *, quick: bool, only: list[str] | None) -> dict[str, Any]:
    """Set the gateways up and run the benchmarks; return the figures."""
    scale = 10 if quick else 1
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        BenchClient(stack.hass.base_url, stack.token) as ha,
        aiohttp.ClientSession(timeout=timeout) as http,
    ):
        bench = Bench(stack=stack, ha=ha, http=http)
        small, _ = await bench.add_gateway(stack.small)

        steps: tuple[tuple[str, Callable[[], Awaitable[None]]], ...] = (
            (
                "push latency",
                partial(run_latency, bench, small, count=500 // scale),
            ),
            ("bursts", partial(run_burst, bench, small)),
            ("large gateway", partial(run_large, bench, polls=20)),
            ("512 x 32 gateway", partial(run_xl, bench, polls=10)),
            ("bulk send", partial(run_bulk, bench, small)),
            ("fuzzing", partial(run_fuzz, bench, small, count=10_000 // scale)),
        )
        assert tuple(name for name, _ in steps) == STEPS  # noqa: S101
        for name, step in steps:
            if only and name not in only:
                continue
            started = time.perf_counter()
            print(f"bench: {name} ...", flush=True)
            await step()
            print(f"bench: {name} done in {time.perf_counter() - started:.1f} s")
    return bench.results


def _machine() -> dict[str, Any]:
    """Describe what the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "homeassistant": version("homeassistant"),
        "platform": platform.platform(),
    }


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    """Turn SIGTERM into an exit, so the processes are stopped on the way out."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return the exit code."""
    args = _parse_args(argv)
    signal.signal(signal.SIGTERM, _on_sigterm)
    workdir = Path(tempfile.mkdtemp(prefix="ejoin-bench-"))
    stack = Stack.create(workdir)
    started = time.perf_counter()
    ok = False
    try:
        print(f"bench: starting the emulators and Home Assistant in {workdir}")
        stack.start()
        results = asyncio.run(_run(stack, quick=args.quick, only=args.only))
        errors = stack.hass_log_errors()
        results["hass_log_errors"] = len(errors)
        results["hass_log_error_lines"] = errors[:5]
        ok = True
    except Exception as err:  # noqa: BLE001 - reported with the logs, exit 2
        print(f"bench: failed: {type(err).__name__}: {err}", file=sys.stderr)
        print(stack.hass.process.log_tail(60), file=sys.stderr)
        return 2
    finally:
        stack.stop()
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"bench: logs and configuration kept in {workdir}")

    results["generated_at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["run_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"] = _machine()
    if args.only:
        print(json.dumps(results, indent=2, default=str))
        print("bench: some steps only, nothing written")
        return 0
    table = report.markdown(results)
    print(table)
    if args.quick:
        print("bench: quick run, nothing written")
    else:
        report.write(results, RESULTS)
        print(f"bench: wrote {RESULTS / 'latest.json'} and latest.md")
        if report.update_readme(README, table):
            print(f"bench: updated the table in {README}")
        else:
            print(f"bench: no bench markers in {README}, left it alone")
    failed = [key for key, held in report.verdicts(results).items() if not held]
    if failed:
        print(f"bench: targets missed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("bench: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
