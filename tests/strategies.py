"""Hypothesis strategies of everything a gateway (or anyone else) may push.

:func:`webhook_requests` draws ``(content_type, body)`` pairs for the webhook: pure
random bytes and text, and near-valid shapes of every push the integration accepts
(``recv-sms``, ``status-report``, ``dev-status``, ``port-status``, the "SMS to
HTTP" octet-stream push, plain-text delivery reports, ``multipart/related`` MMS),
mutated in small ways (cut short, a wrong type here and there, noise appended), at
any size up to a little past the webhook's body limit.

:func:`pushes` draws the same shapes with the request headers and query string
the push parser also reads (``Emms-*`` headers, ``?port=..&sender=..``), and
:func:`port_notations` draws strings in (and near) every port notation.

The strategies only build data: they import nothing from the integration, so the
benchmarks can use them too.
"""

from __future__ import annotations

import base64
from functools import cache
import json
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = [
    "BODY_LIMIT",
    "content_types",
    "header_safe_text",
    "json_values",
    "port_notations",
    "push_bodies",
    "pushes",
    "webhook_requests",
]

#: The webhook's body limit (``const.WEBHOOK_MAX_BODY``, repeated so that this
#: module imports nothing from the integration).
BODY_LIMIT = 4 * 1024 * 1024

_JSON_TYPES = [
    "application/json",
    "application/json;charset=utf-8",
    "application/json; charset=UTF-8",
    "text/json",
    "text/plain",
    "text/plain;charset=utf-8",
    "application/x-www-form-urlencoded",
    "",
]
_MMS_TYPES = [
    'multipart/related; boundary=B0UND; type="application/smil"; start="<0.smil>"',
    "multipart/related; boundary=B0UND",
    'multipart/related; boundary="B0UND"',
    "multipart/mixed; boundary=B0UND",
    "multipart/related",
    "multipart/related; boundary=",
    "multipart/related; boundary=OTHER",
]
_OTHER_TYPES = [
    "application/octet-stream",
    "application/octet-stream; charset=binary",
    "text/html",
    "image/jpeg",
    "multipart/form-data; boundary=x",
    "application/xml",
    "*/*",
]
_PORT_FORMS = ["1.01", "2.3", "61A", "3b", "1", "8.32", "0.01", "1.00", "x", ""]


def header_safe_text(max_size: int = 60) -> SearchStrategy[str]:
    """Text that is a legal HTTP header value (printable ASCII and tabs)."""
    return st.text(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.just("\t"),
        max_size=max_size,
    )


def content_types() -> SearchStrategy[str]:
    """Every Content-Type a push may carry, known ones and random ones."""
    return st.one_of(
        st.sampled_from(_JSON_TYPES + _MMS_TYPES + _OTHER_TYPES),
        header_safe_text(80),
        st.builds(
            lambda base, param: f"{base}; {param}",
            st.sampled_from(_JSON_TYPES[:2] + _MMS_TYPES[:2] + _OTHER_TYPES[:2]),
            header_safe_text(30),
        ),
    )


def json_values(max_leaves: int = 20) -> SearchStrategy[Any]:
    """Any JSON value (nested lists and objects of scalars)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=16)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(st.text(max_size=8), children, max_size=5)
        ),
        max_leaves=max_leaves,
    )


@cache
def _port_notations() -> SearchStrategy[str]:
    """Strings in every port notation, near misses and noise.

    Dotted (``3.02``, ``3.2``), letters (``3B``), bare ports, ranges (``4-32``,
    ``1.01-1.04``, ``1A-1D``), lists, ``all``/``*``, with blanks, case changes,
    zeros, huge numbers, non-ASCII digits and arbitrary text.
    """
    port = st.integers(min_value=0, max_value=600).map(str)
    big = st.integers(min_value=0, max_value=10**30).map(str)
    number = port | big | st.sampled_from(["٣", "03", "1_0", "+1", "-1", " 2 "])
    slot = st.integers(min_value=0, max_value=40).map(str) | st.sampled_from(
        ["01", "00", "1e1", ""]
    )
    letter = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcz@[`{")
    blank = st.sampled_from(["", " ", "\t", "  "])
    single = st.one_of(
        st.builds(lambda p, s: f"{p}.{s}", number, slot),
        st.builds(lambda p, s: f"{p}.{s:02d}", port, st.integers(0, 40)),
        st.builds(lambda p, c: f"{p}{c}", number, letter),
        number,
        st.builds(lambda a, b: f"{a}-{b}", number, number),
        st.builds(lambda p, a, b: f"{p}.{a}-{p}.{b}", port, slot, slot),
        st.builds(lambda p, a, b: f"{p}{a}-{p}{b}", port, letter, letter),
        st.sampled_from(["all", "ALL", "*", "All", "none", "-", ".", ",", "1..2"]),
    )
    padded = st.builds(lambda b1, s, b2: f"{b1}{s}{b2}", blank, single, blank)
    listed = st.lists(padded, min_size=1, max_size=5).map(",".join)
    return st.one_of(padded, listed, st.text(max_size=20))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()


def _maybe(value: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """The value, or now and then something of another type."""
    return st.one_of(value, value, value, json_values(6))


_SLOT_TEXT = st.sampled_from(_PORT_FORMS) | _port_notations()
_PHONE = st.sampled_from(["+4917012345678", "10086", "+155500101", "", "Bank"]) | (
    st.text(max_size=20)
)
_TIMESTAMP = st.integers(min_value=-1, max_value=2**34) | st.sampled_from(
    [0, 1735689600, "1735689600", "2025-01-01 00:00:00"]
)


def _recv_sms_row() -> SearchStrategy[Any]:
    """One ``sms`` row: ``[flag, port, timestamp, sender, recipient, content]``."""
    content = st.one_of(
        st.text(max_size=200).map(_b64),
        st.text(max_size=100),
        st.builds(
            lambda code, scts: f"{code} {scts}",
            st.integers(0, 255),
            st.sampled_from(["25/01/01 10:00:00+04", "2025-01-01 10:00:00", ""]),
        ),
        st.binary(max_size=40).map(lambda data: base64.b64encode(data).decode()),
    )
    row = st.tuples(
        _maybe(st.sampled_from([0, 1, "0", "1"])),
        _maybe(_SLOT_TEXT),
        _maybe(_TIMESTAMP),
        _maybe(_PHONE),
        _maybe(_PHONE),
        _maybe(content),
    ).map(list)
    return st.one_of(
        row,
        row.flatmap(lambda r: st.integers(0, len(r)).map(lambda n: r[:n])),
        json_values(8),
    )


def _recv_sms() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"type": _maybe(st.just("recv-sms")), "sms": _maybe(st.lists(_recv_sms_row()))},
        optional={"sms_cnt": _maybe(st.integers(0, 10))},
    )


def _status_report() -> SearchStrategy[dict[str, Any]]:
    report = st.fixed_dictionaries(
        {},
        optional={
            "tid": _maybe(st.integers(0, 2**40)),
            "sending": _maybe(st.integers(0, 100)),
            "sent": _maybe(st.integers(0, 100)),
            "failed": _maybe(st.integers(0, 100)),
            "unsent": _maybe(st.integers(0, 100)),
            "sdr": _maybe(
                st.lists(
                    st.tuples(
                        _maybe(st.integers(0, 2**31)),
                        _maybe(_PHONE),
                        _maybe(_SLOT_TEXT),
                        _maybe(_TIMESTAMP),
                    ).map(list),
                    max_size=4,
                )
            ),
            "fdr": _maybe(
                st.lists(
                    st.tuples(
                        _maybe(st.integers(0, 2**31)),
                        _maybe(_PHONE),
                        _maybe(_SLOT_TEXT),
                        _maybe(_TIMESTAMP),
                        _maybe(st.sampled_from(["6 Timeout", "0 OK", "", "x"])),
                        _maybe(st.sampled_from(["21 Short message transfer", ""])),
                    ).map(list),
                    max_size=4,
                )
            ),
        },
    )
    return st.fixed_dictionaries(
        {
            "type": _maybe(st.just("status-report")),
            "rpts": _maybe(st.lists(report | json_values(6), max_size=4)),
        }
    )


def _slot_status() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"port": _maybe(_SLOT_TEXT)},
        optional={
            "sim": _maybe(st.sampled_from(["0", "1", "89490200001234567890"])),
            "seq": _maybe(st.integers(0, 10**6)),
            "st": _maybe(
                st.integers(-1, 20) | st.sampled_from(["3 OK", "3", "0 ", "10 ?"])
            ),
            "status": _maybe(st.sampled_from(["3 OK", "2 Registering", ""])),
            "imei": _maybe(st.sampled_from(["861234567890123", "", "x"])),
            "imsi": _maybe(st.sampled_from(["262011234567890", ""])),
            "iccid": _maybe(st.sampled_from(["89490200001234567890", ""])),
            "sn": _maybe(st.text(max_size=20)),
            "bal": _maybe(st.sampled_from(["0.00", "12.5", "-1", "", "n/a"])),
            "opr": _maybe(st.sampled_from(["26201 Telekom", "0 ", "", "x y z"])),
            "sig": _maybe(st.integers(-5, 120)),
            "led": _maybe(st.integers(0, 2)),
            "active": _maybe(st.integers(0, 1)),
            "inserted": _maybe(st.integers(0, 1)),
            "slot_active": _maybe(st.integers(0, 1)),
            "tot_dur": _maybe(st.sampled_from(["0/-1", "10/100", "/", "x"])),
            "mon_dur": _maybe(st.sampled_from(["0/-1", "10/100"])),
            "day_dur": _maybe(st.sampled_from(["0/-1", "10/100"])),
        },
    )


def _dev_status() -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "type": _maybe(st.just("dev-status")),
            "status": _maybe(st.lists(_slot_status() | json_values(6), max_size=6)),
        },
        optional={
            "seq": _maybe(st.integers(0, 10**6)),
            "expires": _maybe(st.integers(-1, 3600)),
            "mac": _maybe(st.sampled_from(["00:30:f1:01:02:03", "0030F1010203", ""])),
            "ip": _maybe(st.sampled_from(["192.168.1.10", ""])),
            "max-ports": _maybe(st.integers(0, 600) | st.just("8")),
            "max-slot": _maybe(st.integers(0, 40) | st.just("4")),
            "max-slots": _maybe(st.integers(0, 40) | st.just("4")),
            "ver": _maybe(st.text(max_size=20)),
        },
    )


def _port_status() -> SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda fields, push_type: {**fields, "type": push_type},
        _slot_status(),
        _maybe(st.just("port-status")),
    )


def _json_push() -> SearchStrategy[dict[str, Any]]:
    return st.one_of(
        _recv_sms(),
        _status_report(),
        _dev_status(),
        _port_status(),
        # Without a type: the parser infers it from the fields.
        st.one_of(_recv_sms(), _status_report(), _dev_status(), _port_status()).map(
            lambda data: {key: value for key, value in data.items() if key != "type"}
        ),
    )


def _encode_json(data: Any, style: int) -> bytes:
    if style == 1:
        return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if style == 2:
        return b"\xef\xbb\xbf" + json.dumps(data, indent=1).encode()
    return json.dumps(data).encode()


def _sms_to_http() -> SearchStrategy[bytes]:
    """The octet-stream "SMS to HTTP" body: ``Key: value`` lines, blank, text."""
    head = st.lists(
        st.tuples(
            st.sampled_from(
                ["port", "sender", "from", "time", "receiver", "iccid", "imsi", "x"]
            ),
            st.sampled_from([":", "=", " "]),
            st.one_of(_SLOT_TEXT, _PHONE, st.sampled_from(["2025-01-01 10:00:00"])),
        ).map(lambda item: f"{item[0]}{item[1]}{item[2]}"),
        max_size=6,
    )
    return st.builds(
        lambda lines, sep, text: (
            "\r\n".join(lines).encode("utf-8", "surrogatepass")
            + sep
            + text.encode("utf-8", "surrogatepass")
        ),
        head,
        st.sampled_from([b"\r\n\r\n", b"\n\n", b"\r\n \r\n", b"\n", b""]),
        st.text(max_size=200),
    )


def _delivery_report_text() -> SearchStrategy[bytes]:
    """A plain-text delivery report (``"<code> <scts>"``), as some firmware sends."""
    return st.builds(
        lambda code, scts: f"{code} {scts}".encode(),
        st.integers(0, 255),
        st.sampled_from(["25/01/01 10:00:00+04", "2025-01-01 10:00:00", ""]),
    )


def _mms_part() -> SearchStrategy[bytes]:
    name = st.one_of(
        st.sampled_from(
            [
                "photo.jpg",
                "../../etc/passwd",
                "/etc/shadow",
                "a\x00b.txt",
                "..",
                ".",
                "C:\\windows\\x.ini",
                "",
                "x" * 300,
            ]
        ),
        header_safe_text(40),
    )
    return st.builds(
        lambda content_type, filename, encoding, data: (
            (
                f'Content-Type: {content_type}; name="{filename}"\r\n'
                f"Content-Location: {filename}\r\n"
                + (f"Content-Transfer-Encoding: {encoding}\r\n" if encoding else "")
                + "\r\n"
            ).encode("utf-8", "surrogatepass")
            + (base64.b64encode(data) if encoding == "base64" else data)
        ),
        st.sampled_from(
            [
                "image/jpeg",
                "text/plain; charset=UTF-8",
                "text/plain; charset=x-bogus",
                "application/smil",
                "audio/mpeg",
                "application/octet-stream",
                "",
            ]
        ),
        name,
        st.sampled_from(["", "base64", "binary", "quoted-printable", "x-bogus"]),
        st.binary(max_size=200),
    )


def _mms() -> SearchStrategy[bytes]:
    """A ``multipart/related`` body with the boundary ``B0UND``, maybe broken."""
    return st.builds(
        lambda parts, close, boundary: (
            b"\r\n".join(b"--" + boundary + b"\r\n" + part for part in parts)
            + (b"\r\n--" + boundary + b"--\r\n" if close else b"")
        ),
        st.lists(_mms_part(), max_size=4),
        st.booleans(),
        st.sampled_from([b"B0UND", b"B0UND", b"OTHER", b""]),
    )


@cache
def _push_bodies() -> SearchStrategy[tuple[str, bytes]]:
    """Near-valid ``(content_type, body)`` pairs of every push shape."""
    json_type = st.sampled_from(_JSON_TYPES)
    return st.one_of(
        st.tuples(
            json_type,
            st.builds(_encode_json, _json_push(), st.integers(0, 2)),
        ),
        st.tuples(
            st.sampled_from(["application/octet-stream", *_OTHER_TYPES[:2]]),
            _sms_to_http(),
        ),
        st.tuples(
            st.sampled_from(["text/plain", "application/octet-stream", ""]),
            _delivery_report_text(),
        ),
        st.tuples(st.sampled_from(_MMS_TYPES), _mms()),
    )


def _mutate(body: bytes, how: int, noise: bytes) -> bytes:
    """Break a body a little: cut it, append noise, or flip a byte."""
    if how == 1 and body:
        return body[: len(noise) % len(body)]
    if how == 2:
        return body + noise
    if how == 3 and body and noise:
        index = noise[0] % len(body)
        return body[:index] + bytes([body[index] ^ 0x5A]) + body[index + 1 :]
    return body


def _sized(body: bytes, size: int) -> bytes:
    """Repeat ``body`` (or pad with spaces) to exactly ``size`` bytes."""
    pattern = body or b" "
    return (pattern * (size // len(pattern) + 1))[:size]


@cache
def _webhook_requests() -> SearchStrategy[tuple[str, bytes]]:
    """Draw ``(content_type, body)`` for a POST to the webhook.

    Any body, any content type (legal as an HTTP header value), any size: random
    bytes and text, near-valid pushes of every kind, lightly mutated ones, and now
    and then a big body (up to a little past the 4 MiB limit of the webhook).
    """
    random_body = st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
        json_values().map(lambda value: json.dumps(value).encode()),
    )
    valid = _push_bodies()
    mutated = st.builds(
        lambda pair, how, noise: (pair[0], _mutate(pair[1], how, noise)),
        valid,
        st.integers(0, 3),
        st.binary(min_size=1, max_size=40),
    )
    any_type = st.tuples(content_types(), random_body)
    retyped = st.builds(
        lambda pair, content_type: (content_type, pair[1]), valid, content_types()
    )
    big = st.builds(
        lambda pair, size: (pair[0], _sized(pair[1], size)),
        valid | any_type,
        st.sampled_from(
            [64 * 1024, 1024 * 1024, BODY_LIMIT - 1, BODY_LIMIT, BODY_LIMIT + 1]
        ),
    )
    return st.one_of(valid, valid, mutated, mutated, any_type, any_type, retyped, big)


@cache
def _pushes() -> SearchStrategy[tuple[str, bytes, dict[str, str], dict[str, str]]]:
    """Draw ``(content_type, body, headers, query)`` for :func:`parse_push`.

    Adds the request headers (``Emms-*`` of an MMS, base64 with parameters, or
    garbage) and the query string of the "SMS to HTTP" push to
    :func:`webhook_requests` (without its big bodies).
    """
    emms_value = st.one_of(
        st.builds(
            lambda text, params: _b64(text) + params,
            st.text(max_size=30),
            st.sampled_from(
                ["", "; charset=UTF-8", "; type=PLMN; charset=UTF-8", "; charset=bogus"]
            ),
        ),
        header_safe_text(40),
    )
    headers = st.dictionaries(
        st.sampled_from(
            [
                "Emms-Subject",
                "Emms-From",
                "Emms-To",
                "Emms-Port",
                "Emms-Mac",
                "Emms-Iccid",
                "Emms-Imsi",
                "Date",
                "X-Other",
            ]
        ),
        emms_value
        | st.sampled_from(
            ["Wed, 01 Jan 2025 10:00:00 GMT", "2.01", "00:30:f1:01:02:03"]
        ),
        max_size=6,
    )
    query = st.dictionaries(
        st.sampled_from(
            ["port", "sender", "mac", "iccid", "imsi", "recipient", "receiver", "x"]
        ),
        st.one_of(_SLOT_TEXT, _PHONE, st.sampled_from(["00:30:f1:01:02:03", ""])),
        max_size=5,
    )
    small = st.one_of(
        _push_bodies(),
        st.tuples(content_types(), st.binary(max_size=400)),
        st.builds(
            lambda pair, how, noise: (pair[0], _mutate(pair[1], how, noise)),
            _push_bodies(),
            st.integers(0, 3),
            st.binary(min_size=1, max_size=40),
        ),
    )
    return st.builds(
        lambda pair, extra_headers, extra_query: (
            pair[0],
            pair[1],
            extra_headers,
            extra_query,
        ),
        small,
        headers,
        query,
    )


# The public strategies draw from the cached ones above: their repr stays short
# (hypothesis prints it in failure reports and warns about huge ones).


@st.composite
def _draw_port_notation(draw: DrawFn) -> str:
    return draw(_port_notations())


@st.composite
def _draw_push_body(draw: DrawFn) -> tuple[str, bytes]:
    return draw(_push_bodies())


@st.composite
def _draw_webhook_request(draw: DrawFn) -> tuple[str, bytes]:
    return draw(_webhook_requests())


@st.composite
def _draw_push(draw: DrawFn) -> tuple[str, bytes, dict[str, str], dict[str, str]]:
    return draw(_pushes())


def port_notations() -> SearchStrategy[str]:
    """Strings in every port notation, near misses and noise.

    Dotted (``3.02``, ``3.2``), letters (``3B``), bare ports, ranges (``4-32``,
    ``1.01-1.04``, ``1A-1D``), lists, ``all``/``*``, with blanks, case changes,
    zeros, huge numbers, non-ASCII digits and arbitrary text.
    """
    return _draw_port_notation()


def push_bodies() -> SearchStrategy[tuple[str, bytes]]:
    """Near-valid ``(content_type, body)`` pairs of every push shape."""
    return _draw_push_body()


def webhook_requests() -> SearchStrategy[tuple[str, bytes]]:
    """Draw ``(content_type, body)`` for a POST to the webhook.

    Any body, any content type (legal as an HTTP header value), any size: random
    bytes and text, near-valid pushes of every kind, lightly mutated ones, and now
    and then a big body (up to a little past the 4 MiB limit of the webhook).
    """
    return _draw_webhook_request()


def pushes() -> SearchStrategy[tuple[str, bytes, dict[str, str], dict[str, str]]]:
    """Draw ``(content_type, body, headers, query)`` for ``parse_push``.

    Adds the request headers (``Emms-*`` of an MMS, base64 with parameters, or
    garbage) and the query string of the "SMS to HTTP" push to near-valid and
    random bodies (without the big ones of :func:`webhook_requests`).
    """
    return _draw_push()
