"""Every Home Assistant this repository starts has what it needs, or says what not.

``requirements_runtime.txt`` is derived from Home Assistant's manifests by
``scripts/derive_requirements.py``: it must be what the script writes now, and
installed. Should a requirement still be missing (a new Home Assistant version), the
end-to-end harness fails the run and names the integration Home Assistant could not
set up, instead of a browser test waiting for a page that never loads.
"""

from importlib import metadata, util
from pathlib import Path
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.e2e.harness import (
    ONBOARDING_INTEGRATIONS,
    HassInstance,
    SetupFailedError,
    setup_failures,
)
from tests.e2e.processes import ManagedProcess

if TYPE_CHECKING:
    from types import ModuleType

REPO = Path(__file__).parent.parent
SCRIPT = REPO / "scripts" / "derive_requirements.py"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s#]+)")

#: Lines of a real log: Home Assistant 2026.10.4 without gazetteer-matcher.
FAILED_LOG = """\
2026-12-05 09:12:01.105 INFO (MainThread) [homeassistant.setup] Setting up conversation
2026-12-05 09:12:01.377 ERROR (MainThread) [homeassistant.setup] Setup failed for 'conversation': Unable to import component: No module named 'gazetteer_matcher'
Traceback (most recent call last):
ModuleNotFoundError: No module named 'gazetteer_matcher'
2026-12-05 09:12:01.380 ERROR (MainThread) [homeassistant.setup] Unable to set up dependencies of 'assist_pipeline'. Setup failed for dependencies: ['conversation']
2026-12-05 09:12:01.381 ERROR (MainThread) [homeassistant.setup] Setup failed for 'assist_pipeline': Could not set up all dependencies.
2026-12-05 09:12:01.502 ERROR (MainThread) [homeassistant.setup] Setup failed for custom integration 'e2e_notify': Integration not found.
2026-12-05 09:12:04.000 INFO (MainThread) [homeassistant.bootstrap] Home Assistant initialized in 9.81s
"""


def _load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (a folder of scripts, not a package)."""
    spec = util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_runtime_requirements_are_derived() -> None:
    result = subprocess.run(  # noqa: S603 - our own script, no user input
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_requirements_are_installed() -> None:
    """What bootstrap installed is what the file pins (a stale venv would not be)."""
    pins = [
        match
        for line in (REPO / "requirements_runtime.txt").read_text().splitlines()
        if (match := PIN.match(line))
    ]
    assert len(pins) > 10
    stale = {}
    for pin in pins:
        try:
            installed = metadata.version(pin["name"])
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != pin["version"]:
            stale[pin["name"]] = installed
    assert not stale, f"not as pinned (run scripts/bootstrap): {stale}"


def test_requirements_cover_conversation_and_onboarding() -> None:
    """The requirement this file once lacked, and those of onboarding's integrations."""
    needed = _load_script("derive_requirements").requirements()

    assert needed["gazetteer-matcher==1.1.0"] == {"conversation"}
    assert "radio_browser" in needed["radios==1.0.0"]
    assert "auth.mfa_modules.totp" in needed["pyotp==2.10.0"]


def test_stand_ins_replace_what_onboarding_sets_up() -> None:
    """The end-to-end harness stands in for exactly what Home Assistant onboards."""
    derived = _load_script("derive_requirements").onboarding_integrations()

    assert set(ONBOARDING_INTEGRATIONS) == set(derived)


def test_setup_failures_name_each_integration() -> None:
    failures = setup_failures(FAILED_LOG)

    assert list(failures) == ["conversation", "assist_pipeline", "e2e_notify"]
    assert "No module named 'gazetteer_matcher'" in failures["conversation"][0]
    assert len(failures["conversation"]) == 2  # failed, and failed as a dependency
    assert setup_failures(FAILED_LOG.splitlines()[-1]) == {}


def _instance(tmp_path: Path, log: str) -> HassInstance:
    process = ManagedProcess(
        "hass:8123", ["hass"], log_path=tmp_path / "e2e-hass.log", cwd=tmp_path
    )
    process.log_path.write_text(log)
    return HassInstance(process=process, config_dir=tmp_path, port=8123)


def test_check_setup_fails_naming_integrations_and_lines(tmp_path: Path) -> None:
    instance = _instance(tmp_path, FAILED_LOG)

    with pytest.raises(SetupFailedError) as failed:
        instance.check_setup()

    message = str(failed.value)
    assert message.startswith(
        "hass:8123 could not set up 'conversation', 'assist_pipeline', 'e2e_notify'"
    )
    assert "No module named 'gazetteer_matcher'" in message
    assert "Setup failed for dependencies: ['conversation']" in message
    assert "initialized" not in message


def test_check_setup_passes_a_clean_log(tmp_path: Path) -> None:
    _instance(tmp_path, FAILED_LOG.splitlines()[-1]).check_setup()
