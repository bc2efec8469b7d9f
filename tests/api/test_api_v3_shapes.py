"""The readers of API v3 shapes: what they accept, what they refuse."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.ejoin.api import EjoinResponseError
from custom_components.ejoin.api.v3_shapes import (
    read_at_reply,
    read_queued_task,
    read_serving_cells,
    read_sms,
    read_task_results,
    read_ussd_replies,
)


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (read_sms, ["not", "an", "object"]),
        (read_task_results, {"id": 1}),
        (read_task_results, [{"code": 0}]),
        (read_queued_task, {"from": 1}),
        (read_ussd_replies, [{"port": 1}]),
        (read_serving_cells, {"port": 1}),
    ],
)
def test_refused(reader: Any, value: Any) -> None:
    with pytest.raises(EjoinResponseError):
        reader(value)


def test_lenient_readings() -> None:
    task = read_queued_task({"id": "9", "recipients": "1,2", "coding": "7BIT"})
    assert (task.tid, task.to, task.message) == (9, ("1", "2"), None)
    assert read_task_results(None) == ()
    # One reply for another port: the only one there is.
    reply = read_at_reply([{"port": 4, "code": 0, "resp": "OK"}], 3)
    assert (reply.port, reply.response) == (3, "OK")
    cells = read_serving_cells([{"status": "completed"}, {"port": 2, "rat": "NR"}])
    assert [(cell.port, cell.technology) for cell in cells] == [(2, "NR")]
