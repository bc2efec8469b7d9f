"""The programs a benchmark run measures: two emulated gateways and Home Assistant.

The end-to-end tests' harness starts them (each a process on a loopback port, in a
process group of its own that dies with this one). The configuration differs from
the tests': logging at ``warning`` (debug lines would be measured too) and the
benchmark's probes (``ha_helpers/ejoin_bench``) instead of the tests' helpers.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
import re

from tests.e2e.ha_client import confirm_http_settings, onboard
from tests.e2e.harness import (
    CORE_CONFIGURATION_YAML,
    EmulatorInstance,
    HassInstance,
)

__all__ = ["LARGE_PORTS", "LARGE_SLOTS", "XL_PORTS", "XL_SLOTS", "Stack"]

#: The large gateway: 64 ports of 8 SIM slots.
LARGE_PORTS = 64
LARGE_SLOTS = 8
#: The whole range: 512 ports of 32 SIM slots.
XL_PORTS = 512
XL_SLOTS = 32
HASS_USERNAME = "bench"
HASS_PASSWORD = "bench-password-for-benchmarks"  # noqa: S105 - a throwaway account
PROBES = Path(__file__).parent / "ha_helpers" / "ejoin_bench"

BENCH_YAML = """\
logger:
  default: warning

api:
config:
frontend:
onboarding:
webhook:
ejoin_bench:
"""


@dataclass(slots=True)
class Stack:
    """Three gateways (8 x 4, 64 x 8, 512 x 32) and Home Assistant, run together."""

    small: EmulatorInstance
    large: EmulatorInstance
    xl: EmulatorInstance
    hass: HassInstance
    token: str = ""

    @classmethod
    def create(cls, workdir: Path) -> Stack:
        """Describe the processes and write Home Assistant's configuration."""
        hass = HassInstance.create(workdir / "hass", test_helpers=False)
        (hass.config_dir / "configuration.yaml").write_text(
            CORE_CONFIGURATION_YAML.format(
                name="Ejoin benchmark", port=hass.port, config_dir=hass.config_dir
            )
            + BENCH_YAML
        )
        (hass.config_dir / "custom_components" / "ejoin_bench").symlink_to(PROBES)
        return cls(
            small=EmulatorInstance.create(workdir),
            # Another seed: another MAC, so another gateway to Home Assistant.
            large=EmulatorInstance.create(
                workdir, ports=LARGE_PORTS, slots=LARGE_SLOTS, seed=1
            ),
            xl=EmulatorInstance.create(workdir, ports=XL_PORTS, slots=XL_SLOTS, seed=2),
            hass=hass,
        )

    def start(self) -> None:
        """Start everything; onboard Home Assistant and keep its HTTP settings."""
        self.small.start()
        self.large.start()
        self.xl.start()
        self.hass.start()
        self.token = onboard(
            self.hass.base_url, username=HASS_USERNAME, password=HASS_PASSWORD
        )
        self.hass.wait_running(self.token)
        confirm_http_settings(self.hass.base_url, self.token)

    def stop(self) -> None:
        """Stop every process that runs (Home Assistant first: it talks to both).

        Each is stopped even when stopping another one failed.
        """
        with contextlib.ExitStack() as stops:
            stops.callback(self.xl.process.stop)
            stops.callback(self.large.process.stop)
            stops.callback(self.small.process.stop)
            stops.callback(self.hass.stop)

    @property
    def hass_pid(self) -> int:
        """The process id of Home Assistant."""
        pid = self.hass.process.pid
        if pid is None:
            raise RuntimeError("Home Assistant does not run")
        return pid

    def hass_rss_kib(self) -> int:
        """Home Assistant's resident memory in KiB (``VmRSS``)."""
        status = Path(f"/proc/{self.hass_pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            raise RuntimeError("no VmRSS in /proc status")
        return int(match.group(1))

    def hass_log_errors(self) -> list[str]:
        """Lines of Home Assistant's log at level ERROR (or worse) about ``ejoin``."""
        log = self.hass.process.log_path
        if not log.exists():
            return []
        return [
            line
            for line in log.read_text(errors="replace").splitlines()
            if re.search(r" (ERROR|CRITICAL) .*ejoin", line)
        ]
