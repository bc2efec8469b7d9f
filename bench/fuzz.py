"""Fuzzing the webhook of the real Home Assistant with hypothesis.

``tests.strategies.webhook_requests`` draws ``(content_type, body)`` pairs: random
bytes and text, near-valid pushes of every kind, mutated ones, bodies up to a
little past the 4 MiB limit. Hypothesis draws them in a thread while workers POST
them (a bounded number at a time). Each must be answered 200 or 400, or 413 when
the body is over the limit; a 5xx or a broken connection is a server error.
"""

from __future__ import annotations

import asyncio
from collections import Counter
import time
from typing import TYPE_CHECKING, Final

import aiohttp
from hypothesis import HealthCheck, Phase, given, settings

from tests.strategies import BODY_LIMIT, webhook_requests

if TYPE_CHECKING:
    from collections.abc import Callable

    from .common import Bench, Gateway

__all__ = ["run_fuzz"]

type Case = tuple[str, bytes]

#: POSTs in flight at once.
CONCURRENCY: Final = 16
#: Drawn cases waiting for a worker (bounds the memory of big bodies).
QUEUE_SIZE: Final = 64
#: Seconds a drawn case may wait for room in the queue.
PUT_TIMEOUT: Final = 120.0
#: Failing cases kept for the report.
KEEP_FAILURES: Final = 5


def _draw(count: int, put: Callable[[Case], None]) -> None:
    """Draw ``count`` cases with hypothesis and hand each to ``put`` (a thread)."""

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(webhook_requests())
    def draw(case: Case) -> None:
        put(case)

    draw()


def _allowed(status: int, size: int) -> bool:
    """200 or 400; 413 only for a body over the webhook's limit."""
    return status in {200, 400} or (status == 413 and size > BODY_LIMIT)


async def run_fuzz(bench: Bench, gateway: Gateway, *, count: int) -> None:
    """POST ``count`` hypothesis cases to the gateway's webhook; count the answers."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Case | None] = asyncio.Queue(QUEUE_SIZE)
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    sent = server_errors = unexpected = 0

    def put(case: Case) -> None:
        # Blocks the drawing thread while the queue is full; gives up (and ends
        # the drawing) should the workers be gone.
        asyncio.run_coroutine_threadsafe(queue.put(case), loop).result(PUT_TIMEOUT)

    async def worker() -> None:
        nonlocal sent, server_errors, unexpected
        while (case := await queue.get()) is not None:
            content_type, body = case
            sent += 1
            try:
                async with bench.http.post(
                    gateway.webhook_url,
                    data=body,
                    headers={"Content-Type": content_type},
                ) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as err:
                statuses[type(err).__name__] += 1
                server_errors += 1
                outcome = f"{type(err).__name__}: {err}"
            else:
                statuses[str(status)] += 1
                if _allowed(status, len(body)):
                    continue
                if status >= 500:
                    server_errors += 1
                else:
                    unexpected += 1
                outcome = f"HTTP {status}"
            if len(failures) < KEEP_FAILURES:
                failures.append(f"{outcome} for {content_type!r}, {body[:200]!r}")

    started = time.perf_counter()
    workers = [asyncio.create_task(worker()) for _ in range(CONCURRENCY)]
    try:
        await asyncio.to_thread(_draw, count, put)
    finally:
        for _ in workers:
            await queue.put(None)
        await asyncio.gather(*workers)
    seconds = time.perf_counter() - started

    results = bench.results
    results["fuzz_cases"] = sent
    results["fuzz_server_errors"] = server_errors
    results["fuzz_unexpected"] = unexpected
    results["fuzz_statuses"] = dict(sorted(statuses.items()))
    results["fuzz_seconds"] = round(seconds, 2)
    results["fuzz_failures"] = failures
