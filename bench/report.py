"""The targets, the table, and where the results go.

``bench/results/latest.json`` holds every figure (flat keys) plus the verdict of
each target; ``latest.md`` the table, which also replaces the block between
``<!-- bench:start -->`` and ``<!-- bench:end -->`` in README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

__all__ = [
    "TARGETS",
    "Target",
    "markdown",
    "passed",
    "update_readme",
    "verdicts",
    "write",
]

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"

type Results = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Target:
    """One pass/fail condition on a figure."""

    key: str
    text: str
    check: Callable[[Results], bool]


def _at_most(key: str, limit: float) -> Target:
    return Target(key, f"≤ {limit:g}", lambda r: r[key] <= limit)


def _below(key: str, limit: float, unit: str = "") -> Target:
    return Target(key, f"< {limit:g}{unit}", lambda r: r[key] < limit)


def _exactly(key: str, value: float) -> Target:
    return Target(key, f"= {value:g}", lambda r: r[key] == value)


TARGETS: tuple[Target, ...] = (
    _at_most("push_p50_ratio", 1.3),
    _below("burst_seconds", 1.0, " s"),
    _exactly("burst_lost", 0),
    _exactly("burst_duplicated", 0),
    _below("large_setup_seconds", 3.0, " s"),
    _exactly("large_requests_per_poll", 1),
    _below("large_poll_loop_ms", 20.0, " ms"),
    _exactly("large_unchanged_writes", 0),
    Target(
        "port_status_writes",
        "= changed entities",
        lambda r: r["port_status_writes"] == r["port_status_expected"],
    ),
    _exactly("dev_status_unchanged_writes", 0),
    Target("fuzz_cases", "≥ 10,000", lambda r: r["fuzz_cases"] >= 10_000),
    _exactly("fuzz_server_errors", 0),
    _exactly("fuzz_unexpected", 0),
    _at_most("burst_ratio", 3),
    _at_most("burst_many_ratio", 4),
    _exactly("burst_ws_dropped", 0),
    _below("xl_setup_seconds", 30.0, " s"),
    _at_most("xl_enabled_entities", 9000),
    _exactly("xl_capped_platforms", 0),
    _exactly("xl_requests_per_poll", 1),
    _below("xl_poll_loop_ms", 20.0, " ms"),
    _below("xl_push_loop_ms", 5.0, " ms"),
    _exactly("xl_unchanged_writes", 0),
)


def verdicts(results: Results) -> dict[str, bool]:
    """Each target's key and whether it holds (a missing figure fails)."""
    return {
        target.key: target.key in results and target.check(results)
        for target in TARGETS
    }


def passed(results: Results) -> bool:
    """Whether every target holds."""
    return all(verdicts(results).values())


def _num(value: Any, unit: str = "", digits: int = 1) -> str:
    """Format a figure: thousands separated, ``—`` when missing."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}{unit}"
    return f"{value:,.{digits}f}{unit}"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table; ``keys`` are the targets that decide its mark."""

    what: str
    measured: str
    floor: str = ""
    ratio: str = ""
    keys: tuple[str, ...] = ()
    target: str = ""

    def cells(self, held: Mapping[str, bool]) -> str:
        """Return the markdown line."""
        target = self.target or next(
            (t.text for t in TARGETS if self.keys and t.key == self.keys[0]), ""
        )
        mark = ""
        if self.keys:
            mark = "✅" if all(held[key] for key in self.keys) else "❌"
        cells = (self.what, self.measured, self.floor, self.ratio, target, mark)
        return "| " + " | ".join(cells) + " |"


def _rows(r: Results) -> list[Row]:
    """Return the table's rows, in the order the benchmarks run."""
    slots = f"{r['large_slots']} slots"
    return [
        Row(
            f"Pushed SMS to event, p50 ({r['push_messages']} messages)",
            _num(r["push_p50_ms"], " ms", 2),
            _num(r["push_p50_floor_ms"], " ms", 2),
            _num(r["push_p50_ratio"], "x", 2),
            ("push_p50_ratio",),
            "≤ 1.3x floor",
        ),
        Row(
            "Pushed SMS to event, p95",
            _num(r["push_p95_ms"], " ms", 2),
            _num(r["push_p95_floor_ms"], " ms", 2),
            _num(r["push_p95_ratio"], "x", 2),
        ),
        Row(
            "One push of 1,000 SMS, to the last event (median of 5)",
            _num(r["burst_seconds"], " s", 3),
            _num(r["burst_floor_seconds"], " s", 3),
            _num(r["burst_ratio"], "x", 2),
            ("burst_seconds", "burst_ratio"),
            "< 1 s, ≤ 3x floor",
        ),
        Row(
            "20 pushes of 1,000 SMS at once, to the last event (median of 3)",
            _num(r["burst_many_seconds"], " s", 3),
            _num(r["burst_many_floor_seconds"], " s", 3),
            _num(r["burst_many_ratio"], "x", 2),
            ("burst_many_ratio",),
            "≤ 4x floor",
        ),
        Row(
            "… full garbage collections Python ran during those bursts (their ms)",
            f"{_num(r.get('burst_gc_full'))} ({_num(r.get('burst_gc_full_ms'), ' ms', 0)})",
            target="reported",
        ),
        Row(
            "… a dashboard following every state change meanwhile: dropped",
            _num(r["burst_ws_dropped"]),
            keys=("burst_ws_dropped",),
        ),
        Row(
            "Bytes written to disk per SMS (one per push / in bursts)",
            f"{_num(r['store_bytes_per_sms'], ' B', 0)} / "
            f"{_num(r['store_bytes_per_sms_burst'], ' B', 0)}",
            target="reported",
        ),
        Row(
            f"Bursts: SMS lost / fired twice (of {r['burst_messages']:,})",
            f"{r['burst_lost']} / {r['burst_duplicated']}",
            keys=("burst_lost", "burst_duplicated"),
            target="0 / 0",
        ),
        Row(
            f"{slots}: config flow to all {r['large_entities_enabled']:,} "
            "enabled entities loaded",
            _num(r["large_setup_seconds"], " s", 2),
            keys=("large_setup_seconds",),
        ),
        Row(
            f"{slots}: HTTP requests per poll",
            _num(r["large_requests_per_poll"], "", 2),
            keys=("large_requests_per_poll",),
        ),
        Row(
            f"{slots}: event loop time of one poll (median of {r['large_polls']})",
            _num(r["large_poll_loop_ms"], " ms", 2),
            _num(r["large_poll_floor_loop_ms"], " ms", 2),
            _num(r["large_poll_ratio"], "x", 2),
            ("large_poll_loop_ms",),
        ),
        Row(
            f"{slots}: states written by an unchanged poll",
            _num(r["large_unchanged_writes"]),
            keys=("large_unchanged_writes",),
        ),
        Row(
            f"{slots}: states written by a `port-status` push (one balance)",
            _num(r["port_status_writes"]),
            keys=("port_status_writes",),
            target=f"= {r['port_status_expected']}",
        ),
        Row(
            f"{slots}: states written by an unchanged `dev-status` push",
            _num(r["dev_status_unchanged_writes"]),
            keys=("dev_status_unchanged_writes",),
        ),
        Row(
            f"{r['xl_slots']:,} slots (512 x 32): config flow to all "
            f"{r['xl_enabled_entities']:,} enabled entities loaded",
            _num(r["xl_setup_seconds"], " s", 2),
            keys=("xl_setup_seconds",),
        ),
        Row(
            f"512 x 32: config flow to all {r['xl_registered_entities']:,} entities"
            " registered (those beyond the budget disabled)",
            _num(r["xl_registered_seconds"], " s", 2),
            target="reported",
        ),
        Row(
            "512 x 32: longest event loop stall while the disabled ones are registered"
            " / a full garbage collection then",
            f"{_num(r['xl_registering_stall_ms'], ' ms')} / "
            f"{_num(r['xl_gc_full_ms'], ' ms')}",
            target="reported",
        ),
        Row(
            "512 x 32: enabled entities / platforms Home Assistant capped",
            f"{r['xl_enabled_entities']:,} / {r['xl_capped_platforms']}",
            keys=("xl_enabled_entities", "xl_capped_platforms"),
            target="≤ 9,000 / = 0",
        ),
        Row(
            "512 x 32: HTTP requests per poll",
            _num(r["xl_requests_per_poll"], "", 2),
            keys=("xl_requests_per_poll",),
        ),
        Row(
            "512 x 32: event loop time of a poll, every signal changed",
            _num(r["xl_poll_loop_ms"], " ms", 2),
            keys=("xl_poll_loop_ms",),
        ),
        Row(
            f"512 x 32: event loop time of a full-status push "
            f"({r['xl_push_bytes'] / 1e6:.1f} MB)",
            _num(r["xl_push_loop_ms"], " ms", 2),
            keys=("xl_push_loop_ms",),
        ),
        Row(
            "512 x 32: states written by an unchanged poll",
            _num(r["xl_unchanged_writes"]),
            keys=("xl_unchanged_writes",),
        ),
        Row(
            "512 x 32: memory the entry added (RSS), per slot",
            f"{_num(r['xl_rss_mib'], ' MiB')}, {_num(r['xl_rss_kib_per_slot'], ' KiB', 2)}",
            target="reported",
        ),
        Row(
            f"`send_sms` to {r['bulk_recipients']:,} recipients: response",
            _num(r["bulk_response_seconds"], " s", 3),
            target="reported",
        ),
        Row(
            "… HTTP requests to the gateway until the response",
            _num(r["bulk_requests"]),
            target="reported",
        ),
        Row(
            "… every recipient's `ejoin_sms_sent` event fired",
            _num(r["bulk_reports_seconds"], " s", 2),
            target="reported",
        ),
        Row(
            "… Home Assistant's memory growth (RSS), at the response / after",
            f"{_num(r['bulk_rss_growth_mib'], ' MiB')} / "
            f"{_num(r['bulk_rss_growth_reported_mib'], ' MiB')}",
            target="reported",
        ),
        Row(
            f"Webhook fuzzing: hypothesis cases ({r['fuzz_seconds']:.0f} s)",
            _num(r["fuzz_cases"]),
            keys=("fuzz_cases",),
        ),
        Row(
            "… answered 5xx or connection broken",
            _num(r["fuzz_server_errors"]),
            keys=("fuzz_server_errors",),
        ),
        Row(
            "… answered other than 200 or 400 (or 413 over 4 MiB)",
            _num(r["fuzz_unexpected"]),
            keys=("fuzz_unexpected",),
        ),
    ]


def markdown(results: Results) -> str:
    """Return the results as a markdown table, with a line on the machine."""
    held = verdicts(results)
    machine = results["machine"]
    lines = [
        "| Benchmark | Measured | Floor | Ratio | Target | |",
        "|---|---:|---:|---:|---|:-:|",
        *(row.cells(held) for row in _rows(results)),
        "",
        (
            f"{results['generated_at']}, {machine['cpus']} CPUs, Python "
            f"{machine['python']}, Home Assistant {machine['homeassistant']}. Floor: "
            "the same request to a do-nothing webhook (or a bare status fetch) in "
            "the same Home Assistant, measured in the same run."
        ),
    ]
    return "\n".join(lines) + "\n"


def write(results: Results, folder: Path) -> None:
    """Write ``latest.json`` (figures and verdicts) and ``latest.md``."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = {**results, "targets": verdicts(results), "passed": passed(results)}
    (folder / "latest.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    )
    (folder / "latest.md").write_text(markdown(results))


def update_readme(readme: Path, table: str) -> bool:
    """Replace the block between the markers; False when the markers are missing."""
    text = readme.read_text()
    pattern = re.compile(
        re.escape(README_START) + r"\n.*?" + re.escape(README_END), re.DOTALL
    )
    if not pattern.search(text):
        return False
    block = f"{README_START}\n{table}{README_END}"
    readme.write_text(pattern.sub(lambda _: block, text, count=1))
    return True
