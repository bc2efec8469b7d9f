"""Command line: ``python -m emulator --port 8080 --ports 8 --slots 4 --api v2``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys

from .device import MAX_PORTS, MAX_SLOTS, PROFILES
from .running import running_emulator

_LOGGER = logging.getLogger("emulator")


def _bounded(low: int, high: int) -> type[int]:
    def check(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low}-{high}")
        return value

    return check  # type: ignore[return-value]


def build_parser() -> argparse.ArgumentParser:
    """Return the command line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m emulator", description="Emulated Ejoin GSM gateway"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--ports", type=_bounded(1, MAX_PORTS), default=8)
    parser.add_argument("--slots", type=_bounded(1, MAX_SLOTS), default=4)
    parser.add_argument("--username", default="root")
    parser.add_argument("--password", default="root")
    parser.add_argument(
        "--auth-error", choices=["http", "json", "json14"], default="http"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="mixed")
    parser.add_argument(
        "--api",
        choices=["v2", "v3", "both"],
        default="v2",
        help="API generations served: v2.1 (goip_*), v3 (firmware 8.0d+) or both",
    )
    parser.add_argument("--log-level", default="INFO")
    return parser


async def _serve(args: argparse.Namespace) -> None:
    async with running_emulator(
        host=args.host,
        port=args.port,
        ports=args.ports,
        slots=args.slots,
        username=args.username,
        password=args.password,
        auth_error=args.auth_error,
        seed=args.seed,
        profile=args.profile,
        api=args.api,
    ) as emulator:
        _LOGGER.info(
            "Ejoin emulator (%d ports x %d slots, MAC %s, API %s) on %s; "
            "control API at %s",
            args.ports,
            args.slots,
            emulator.gateway.mac,
            args.api,
            emulator.base_url,
            emulator.url("/_emulator/state"),
        )
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    """Run the emulator until interrupted."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(name)s: %(message)s"
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
