"""``send_sms`` to 1,000 recipients: requests, response time, memory.

The action answers once the gateway took the task; the outcome of every recipient
follows as ``ejoin_sms_sent`` events (status reports pushed to the webhook), which
are waited for too. Memory is Home Assistant's resident set before the call, at
the response and after the last report.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .common import Bench, Gateway

__all__ = ["run_bulk"]

SENT_EVENT = "ejoin_sms_sent"
RECIPIENTS = 1000
#: Seconds the emulator takes to send one SMS (its default is 0.02).
SEND_TIME = 0.001


def _recipient(index: int) -> str:
    """Return a number the emulator sends to successfully (not ``000``/``999``...)."""
    return f"+49170{index:07d}"


async def run_bulk(bench: Bench, gateway: Gateway) -> None:
    """Send one SMS to :data:`RECIPIENTS` numbers and follow it to the end."""
    results = bench.results
    numbers = [_recipient(index) for index in range(RECIPIENTS)]
    await gateway.control.configure(send_time=SEND_TIME)
    await bench.clear_emulator_log(gateway)
    await bench.count(SENT_EVENT, reset=True)
    rss_before = bench.stack.hass_rss_kib()
    started = time.time()
    response = await bench.ha.call_service(
        "ejoin",
        "send_sms",
        {
            "config_entry_id": gateway.entry_id,
            "to": numbers,
            "message": "Benchmark: one message to a thousand recipients.",
        },
        return_response=True,
    )
    answered = time.time() - started
    rss_answered = bench.stack.hass_rss_kib()
    requests_answered = dict((await gateway.control.state())["request_counts"])
    tasks = response["tasks"]
    if len(tasks) != 1 or tasks[0]["status_code"] != 0:
        raise RuntimeError(f"send_sms was not taken: {response}")
    fired = await bench.fired(SENT_EVENT, numbers, within=120, linger=1.0)
    rss_after = bench.stack.hass_rss_kib()
    requests = (await gateway.control.state())["request_counts"]
    results["bulk_recipients"] = RECIPIENTS
    results["bulk_response_seconds"] = round(answered, 3)
    results["bulk_requests"] = sum(requests_answered.values())
    results["bulk_requests_by_endpoint"] = requests_answered
    results["bulk_requests_until_reported"] = sum(requests.values())
    results["bulk_reports_seconds"] = round(fired.last - started, 3)
    results["bulk_reports_lost"] = fired.lost
    results["bulk_reports_duplicated"] = fired.duplicated
    results["bulk_rss_before_mib"] = round(rss_before / 1024, 1)
    results["bulk_rss_growth_mib"] = round((rss_answered - rss_before) / 1024, 1)
    results["bulk_rss_growth_reported_mib"] = round((rss_after - rss_before) / 1024, 1)
