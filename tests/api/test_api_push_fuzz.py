"""Property tests: any push body gives a Push or an EjoinResponseError, nothing else."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.ejoin.api import (
    DevStatusPush,
    EjoinResponseError,
    MmsPush,
    PortStatusPush,
    ReceivedSmsPush,
    StatusReportPush,
    parse_push,
)

CONTENT_TYPES = st.sampled_from(
    [
        "",
        "application/json;charset=utf-8",
        "application/octet-stream",
        "multipart/related; boundary=abc",
        'multipart/related; boundary="032817"; type="application/smil"',
        "text/plain; charset=x-unknown",
    ]
)
HEADERS = st.dictionaries(
    st.sampled_from(["Emms-Subject", "Emms-From", "Emms-To", "Date", "Emms-Port", "X"]),
    st.text(max_size=40),
    max_size=4,
)
QUERIES = st.dictionaries(
    st.sampled_from(["port", "sender", "mac", "iccid", "x"]),
    st.text(max_size=20),
    max_size=4,
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=30,
)
TYPES = st.sampled_from(["recv-sms", "status-report", "dev-status", "port-status", "x"])
KEYS = st.sampled_from(
    [
        "port",
        "st",
        "status",
        "sms",
        "rpts",
        "mac",
        "max-ports",
        "max-slot",
        "bal",
        "sig",
        "opr",
        "tid",
        "sdr",
        "fdr",
        "data",
        "tot_dur",
    ]
)


def check(
    body: bytes, content_type: str, headers: Any = None, query: Any = None
) -> None:
    try:
        push = parse_push(body, content_type, headers, query)
    except EjoinResponseError:
        return
    assert isinstance(
        push,
        DevStatusPush | PortStatusPush | ReceivedSmsPush | StatusReportPush | MmsPush,
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400), CONTENT_TYPES, HEADERS, QUERIES)
def test_any_bytes(body: bytes, content_type: str, headers: Any, query: Any) -> None:
    check(body, content_type, headers, query)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TYPES, st.dictionaries(KEYS, JSON_VALUES, max_size=8))
def test_json_shaped(push_type: str, fields: dict[str, Any]) -> None:
    body = json.dumps({"type": push_type, **fields}, default=str).encode()
    check(body, "application/json")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.lists(JSON_VALUES, min_size=0, max_size=7) | JSON_VALUES, max_size=4),
    st.sampled_from(["sms", "rpts", "status"]),
)
def test_rows(rows: list[Any], key: str) -> None:
    push_type = {"sms": "recv-sms", "rpts": "status-report", "status": "dev-status"}[
        key
    ]
    body = json.dumps({"type": push_type, key: rows}, default=str).encode()
    check(body, "application/json")
