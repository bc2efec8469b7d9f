"""The two programs under test, as processes: the gateway emulator and Home Assistant."""

from __future__ import annotations

from dataclasses import dataclass
import json
import os
from pathlib import Path
import re
import shutil
import sys
from typing import Any

from .ha_client import sync_request
from .processes import ManagedProcess, free_port

__all__ = [
    "EMULATOR_PASSWORD",
    "EMULATOR_USERNAME",
    "REPO_ROOT",
    "EmulatorInstance",
    "HassInstance",
    "SetupFailedError",
    "setup_failures",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
EMULATOR_USERNAME = "root"
EMULATOR_PASSWORD = "e2e-gateway-secret"

#: Seconds Home Assistant may take to start on a busy two-core machine.
HASS_START_TIMEOUT = 90.0

#: What Home Assistant logs (homeassistant/setup.py) when it could not set up an
#: integration, or the dependencies of one.
SETUP_FAILED = re.compile(
    r"Setup failed for (?:custom integration )?'(?P<domain>[^']+)'"
    r"|Setup failed for dependencies: (?P<dependencies>.*)"
)
#: What homeassistant/bootstrap.py logs (at info) once startup has finished.
INITIALIZED = "Home Assistant initialized in"

#: The core of every configuration this harness (and the benchmark) writes: loopback
#: only, media and outgoing folders inside the config dir.
CORE_CONFIGURATION_YAML = """\
homeassistant:
  name: {name}
  currency: EUR
  country: DE
  language: en
  time_zone: UTC
  unit_system: metric
  latitude: 52.52
  longitude: 13.40
  elevation: 34
  internal_url: http://127.0.0.1:{port}
  media_dirs:
    local: {config_dir}/media
  allowlist_external_dirs:
    - {config_dir}/outgoing

http:
  server_host: 127.0.0.1
  server_port: {port}

"""

# Only what the tests and a user clicking through the integration need: no
# `default_config:` (go2rtc and friends reach out to the network).
CONFIGURATION_YAML = """\
logger:
  default: info
  logs:
    custom_components.ejoin: debug
    aiohttp.access: warning
    homeassistant.helpers.entity_registry: warning
    homeassistant.loader: error

api:
automation: !include automations.yaml
config:
frontend:
media_source:
onboarding:
script: !include scripts.yaml
webhook:
"""

#: What only the API tests need: the event log helper, a notifier that reports what
#: it was sent, and a user's automation. Appended as it is, not a format string: the
#: Jinja braces below are single on purpose.
TEST_HELPERS_YAML = """\

e2e_event_log:
e2e_notify:

# A user's automation: every incoming SMS becomes a persistent notification of its
# own. The restart test counts them to see each SMS exactly once.
automation e2e:
  - id: e2e_sms_to_notification
    alias: Every incoming SMS as a notification
    mode: queued
    max: 200
    triggers:
      - trigger: event
        event_type: ejoin_sms_received
    actions:
      - action: persistent_notification.create
        data:
          notification_id: "e2e_sms_{{ trigger.event.context.id }}"
          title: ejoin_sms_received
          message: "{{ trigger.event.data | to_json }}"
"""


#: What finishing onboarding's core config step sets up. Each would reach out to the
#: internet (weather, radio stations, text to speech) or write files nobody looks at,
#: so the test configuration replaces them with stand-ins whose flows abort.
ONBOARDING_INTEGRATIONS = ("google_translate", "met", "radio_browser", "shopping_list")

_STUB_FLOW = """\
\"\"\"Offline stand-in of {domain} for the end-to-end tests (no internet).\"\"\"

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class OfflineStandInFlow(ConfigFlow, domain="{domain}"):
    \"\"\"Set up nothing.\"\"\"

    async def async_step_onboarding(self, data=None) -> ConfigFlowResult:
        return self.async_abort(reason="not_in_end_to_end_tests")

    async def async_step_user(self, user_input=None) -> ConfigFlowResult:
        return self.async_abort(reason="not_in_end_to_end_tests")
"""


#: The test configuration's helper integrations, linked in.
HA_HELPERS = Path(__file__).parent / "ha_helpers"
TEST_HELPER_DOMAINS = ("e2e_event_log", "e2e_notify")
#: The file ``e2e_slow_start`` waits for to disappear (in the config folder).
HOLD_START_FILE = "e2e_hold_start"
#: The blueprints of this repository, copied where a user's import puts them.
BLUEPRINTS = REPO_ROOT / "blueprints"


def _write_offline_stand_ins(custom: Path) -> None:
    for domain in ONBOARDING_INTEGRATIONS:
        folder = custom / domain
        folder.mkdir(exist_ok=True)
        manifest = {
            "domain": domain,
            "name": f"{domain} (offline stand-in)",
            "codeowners": [],
            "config_flow": True,
            "documentation": "https://example.invalid",
            "integration_type": "service",
            "iot_class": "local_polling",
            "requirements": [],
            "version": "0.0.0",
        }
        (folder / "manifest.json").write_text(json.dumps(manifest))
        (folder / "__init__.py").write_text('"""Offline stand-in."""\n')
        (folder / "config_flow.py").write_text(_STUB_FLOW.format(domain=domain))


class SetupFailedError(AssertionError):
    """Home Assistant logged that it could not set up an integration."""


def setup_failures(log: str) -> dict[str, list[str]]:
    """Return each integration a Home Assistant log says failed, with those lines."""
    failures: dict[str, list[str]] = {}
    for line in log.splitlines():
        if (match := SETUP_FAILED.search(line)) is None:
            continue
        domains = (
            [match["domain"]]
            if match["domain"]
            else re.findall(r"'([^']+)'", match["dependencies"])
        )
        for domain in domains:
            failures.setdefault(domain, []).append(line)
    return failures


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    # The test process's coverage or debugger settings do not belong in the children.
    for name in ("COV_CORE_SOURCE", "COV_CORE_CONFIG", "COV_CORE_DATAFILE"):
        env.pop(name, None)
    return env


@dataclass(slots=True)
class EmulatorInstance:
    """The gateway emulator on a loopback port."""

    process: ManagedProcess
    port: int
    ports: int
    slots: int
    #: The API generations served: ``v2``, ``v3`` or ``both``.
    api: str = "v2"
    username: str = EMULATOR_USERNAME
    password: str = EMULATOR_PASSWORD
    mac: str = ""

    @classmethod
    def create(
        cls,
        workdir: Path,
        *,
        ports: int = 8,
        slots: int = 4,
        seed: int = 0,
        api: str = "v2",
    ) -> EmulatorInstance:
        """Describe an emulator on a free port; :meth:`start` runs it."""
        port = free_port()
        argv = [
            sys.executable,
            "-m",
            "emulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--ports",
            str(ports),
            "--slots",
            str(slots),
            "--username",
            EMULATOR_USERNAME,
            "--password",
            EMULATOR_PASSWORD,
            "--seed",
            str(seed),
            "--api",
            api,
        ]
        process = ManagedProcess(
            f"emulator:{port}",
            argv,
            log_path=workdir / f"emulator-{port}.log",
            cwd=REPO_ROOT,
            env=_child_env(),
        )
        return cls(process=process, port=port, ports=ports, slots=slots, api=api)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the emulator and wait for its control API; learn its MAC."""
        self.process.start()
        state: dict[str, Any] = {}

        def ready() -> bool:
            try:
                status, body = sync_request("GET", self.base_url + "/_emulator/state")
            except OSError:
                return False
            if status == 200 and isinstance(body, dict):
                state.update(body)
                return True
            return False

        self.process.wait_until(ready, timeout=30, what="control API")
        self.mac = str(state["device"]["mac"]).replace("-", ":").lower()

    def user_input(self, **changes: Any) -> dict[str, Any]:
        """The config flow's ``user`` step input for this emulator."""
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "username": self.username,
            "password": self.password,
            **changes,
        }


@dataclass(slots=True)
class HassInstance:
    """A real Home Assistant with this checkout's integration, on a loopback port."""

    process: ManagedProcess
    config_dir: Path
    port: int
    #: Where the log of the latest start begins.
    log_offset: int = 0

    @classmethod
    def create(
        cls,
        config_dir: Path,
        *,
        test_helpers: bool = True,
        helpers: tuple[str, ...] | None = None,
    ) -> HassInstance:
        """Write the configuration (integration symlinked from the checkout).

        ``test_helpers`` adds the event log and notifier helpers and the SMS
        automation; the browser test leaves them out, so the screenshots show what a
        user has. Both get this repository's blueprints. ``helpers`` names the
        helper integrations to load instead (no automation).
        """
        port = free_port()
        config_dir.mkdir(parents=True, exist_ok=True)
        (config_dir / "media").mkdir(exist_ok=True)
        (config_dir / "outgoing").mkdir(exist_ok=True)
        (config_dir / "configuration.yaml").write_text(
            CORE_CONFIGURATION_YAML.format(
                name="Ejoin end to end", port=port, config_dir=config_dir
            )
            + CONFIGURATION_YAML
            + (
                "".join(f"{domain}:\n" for domain in helpers)
                if helpers is not None
                else TEST_HELPERS_YAML
                if test_helpers
                else ""
            )
        )
        # What the automation and script editors write to (as in a new install).
        for name, empty in (("automations.yaml", "[]\n"), ("scripts.yaml", "{}\n")):
            if not (config_dir / name).exists():
                (config_dir / name).write_text(empty)
        # The blueprints, where importing them from GitHub would put them.
        target = config_dir / "blueprints" / "automation" / "ejoin"
        target.mkdir(parents=True, exist_ok=True)
        for blueprint in (BLUEPRINTS / "automation" / "ejoin").glob("*.yaml"):
            shutil.copyfile(blueprint, target / blueprint.name)
        custom = config_dir / "custom_components"
        custom.mkdir(exist_ok=True)
        link = custom / "ejoin"
        if not link.is_symlink():
            link.symlink_to(REPO_ROOT / "custom_components" / "ejoin")
        _write_offline_stand_ins(custom)
        linked = (
            helpers
            if helpers is not None
            else TEST_HELPER_DOMAINS
            if test_helpers
            else ()
        )
        for domain in linked:
            if not (custom / domain).is_symlink():
                (custom / domain).symlink_to(HA_HELPERS / domain)
        argv = [
            sys.executable,
            "-m",
            "homeassistant",
            "--config",
            str(config_dir),
            # Everything is installed already; never reach for the network.
            "--skip-pip",
            "--log-no-color",
        ]
        process = ManagedProcess(
            f"hass:{port}",
            argv,
            log_path=config_dir / "e2e-hass.log",
            cwd=config_dir,
            env=_child_env(),
        )
        return cls(process=process, config_dir=config_dir, port=port)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, token: str | None = None) -> None:
        """Start Home Assistant; wait for HTTP, and with a token until it runs.

        Fails (:class:`SetupFailedError`) if an integration could not be set up.
        """
        log = self.process.log_path
        self.log_offset = log.stat().st_size if log.exists() else 0
        self.process.start()

        def serving() -> bool:
            try:
                status, _ = sync_request("GET", self.base_url + "/manifest.json")
            except OSError:
                return False
            return status == 200

        self.process.wait_until(serving, timeout=HASS_START_TIMEOUT, what="HTTP")
        if token is not None:
            self.wait_running(token)
        else:
            self.check_setup()

    def wait_initialized(self) -> None:
        """Wait until the log says startup finished, then check the set-ups.

        For a Home Assistant nobody has onboarded yet: without a token,
        ``/api/config`` does not say whether it runs.
        """

        def initialized() -> bool:
            with self.process.log_path.open("rb") as log:
                log.seek(self.log_offset)
                return INITIALIZED.encode() in log.read()

        self.process.wait_until(
            initialized, timeout=HASS_START_TIMEOUT, what="the end of startup"
        )
        self.check_setup()

    def wait_running(self, token: str) -> None:
        """Wait until Home Assistant reports ``RUNNING``, then check the set-ups."""

        def running() -> bool:
            try:
                status, body = sync_request(
                    "GET", self.base_url + "/api/config", token=token
                )
            except OSError:
                return False
            return (
                status == 200
                and isinstance(body, dict)
                and body.get("state") == "RUNNING"
            )

        self.process.wait_until(running, timeout=HASS_START_TIMEOUT, what="RUNNING")
        self.check_setup()

    def check_setup(self) -> None:
        """Fail if the log shows an integration that could not be set up.

        Such a Home Assistant runs, but its frontend may never finish loading (a
        missing requirement of ``conversation`` did that): better a failure that
        names the integration than a test that waits for a page.
        """
        log = self.process.log_path
        failures = (
            setup_failures(log.read_text(errors="replace")) if log.exists() else {}
        )
        if failures:
            lines = dict.fromkeys(line for found in failures.values() for line in found)
            raise SetupFailedError(
                f"{self.process.name} could not set up "
                + ", ".join(repr(domain) for domain in failures)
                + f"; {log}:\n"
                + "\n".join(lines)
            )

    def stop(self) -> int | None:
        """Stop Home Assistant the way a service manager does (SIGTERM)."""
        return self.process.stop(timeout=60)

    def kill(self) -> int | None:
        """Kill Home Assistant with SIGKILL (a crash: nothing runs on the way out)."""
        return self.process.kill()

    @property
    def hold_file(self) -> Path:
        """While this file exists, ``e2e_slow_start`` holds the start open."""
        return self.config_dir / HOLD_START_FILE
