"""Hold the integration to Home Assistant's own conventions, the way hassfest does.

Manifest keys and order, services.yaml against its translations and icons, every
translation key used in code present in strings.json (and nothing unused), icons for
every entity translation key, translations/en.json in sync, and a quality scale file
with every rule up to platinum done or exempt.
"""

import ast
import json
from pathlib import Path
import re
import subprocess
import sys
import tomllib
from typing import TYPE_CHECKING, Any

from awesomeversion import AwesomeVersion
from homeassistant.components.automation.config import (
    AUTOMATION_BLUEPRINT_SCHEMA,
    async_validate_config_item,
)
from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.const import __version__ as ha_version
from homeassistant.util.yaml import load_yaml_dict
import pytest
import yaml

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

REPO = Path(__file__).resolve().parent.parent
INTEGRATION = REPO / "custom_components" / "ejoin"
PLATFORMS = {"binary_sensor", "button", "event", "select", "sensor", "switch"}
GITHUB = "https://github.com/ejoin-ha/ejoin-home-assistant"
BLUEPRINT_DIR = REPO / "blueprints" / "automation" / "ejoin"
BLUEPRINTS = {
    "forward_sms_to_notify.yaml": {
        "notify_entities": ["notify.phone"],
        "notify_action": "notify.persistent_notification",
        "gateways": ["0123456789abcdef0123456789abcdef"],
        "title": "SMS {{ sms.slot }}",
        "message": "{{ sms.sender }}: {{ sms.text }}",
    },
    "keyword_runs_script.yaml": {
        "allowed_numbers": ["+49 170 1234567"],
        "keyword": "open",
        "secret": "0042",
        "script": "script.open_the_gate",
        "reply": "Opening {{ sms.arguments }}",
        "gateways": [],
    },
}
#: The fields of ``ejoin_sms_received`` (contract.md), what the blueprints may read.
SMS_EVENT_FIELDS = {
    "config_entry_id",
    "device_id",
    "mac",
    "slot",
    "port",
    "slot_index",
    "sender",
    "recipient",
    "text",
    "received_at",
    "iccid",
    "imsi",
    "imei",
}
#: What hacs.json may hold (HACS' own HACS_MANIFEST_JSON_SCHEMA; extra keys fail).
HACS_KEYS: dict[str, type | tuple[type, ...]] = {
    "content_in_root": bool,
    "country": (str, list),
    "filename": str,
    "hacs": str,
    "hide_default_branch": bool,
    "homeassistant": str,
    "persistent_directory": str,
    "render_readme": bool,
    "zip_release": bool,
    "name": str,
}
EXCEPTION_CALLS = {
    "ConfigEntryAuthFailed",
    "ConfigEntryError",
    "ConfigEntryNotReady",
    "HomeAssistantError",
    "ServiceValidationError",
    "UpdateFailed",
}
QUALITY_RULES = {
    "bronze": [
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow-test-coverage",
        "config-flow",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ],
    "gold": [
        "devices",
        "diagnostics",
        "discovery-update-info",
        "discovery",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}


def _json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((INTEGRATION / name).read_text())
    return data


def _keyword_strings(node: ast.Call, keyword: str) -> list[str]:
    return [
        kw.value.value
        for kw in node.keywords
        if kw.arg == keyword
        and isinstance(kw.value, ast.Constant)
        and isinstance(kw.value.value, str)
    ]


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _used_keys() -> dict[str, set[str]]:
    """Collect translation keys from the integration's code, by where they belong."""
    used: dict[str, set[str]] = {"exceptions": set(), "issues": set(), "device": set()}
    used.update({f"entity.{platform}": set() for platform in PLATFORMS})
    for path in INTEGRATION.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            keys = _keyword_strings(node, "translation_key")
            if not keys:
                continue
            if name in EXCEPTION_CALLS:
                used["exceptions"].update(keys)
            elif name in {"async_create_issue", "create_issue"}:
                used["issues"].update(keys)
            elif name == "DeviceInfo":
                used["device"].update(keys)
            elif (platform := _description_platform(name)) is not None:
                used[f"entity.{platform}"].update(keys)
    return used


def _description_platform(name: str) -> str | None:
    """Return the platform of an entity description class, by its name."""
    if not name.endswith("EntityDescription"):
        return None
    # Longest first: a BinarySensorEntityDescription is no sensor's.
    for platform in sorted(PLATFORMS, key=len, reverse=True):
        camel = "".join(part.title() for part in platform.split("_"))
        if name.endswith(f"{camel}EntityDescription"):
            return platform
    return None


def test_manifest_keys_and_order() -> None:
    manifest = _json("manifest.json")
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    for required in (
        "codeowners",
        "config_flow",
        "dependencies",
        "documentation",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "requirements",
        "version",
    ):
        assert required in manifest, required
    assert manifest["domain"] == "ejoin"
    assert manifest["name"] == "Ejoin GSM Gateway"
    assert manifest["iot_class"] == "local_push"
    assert "webhook" in manifest["dependencies"]


def test_hacs_manifest() -> None:
    hacs = json.loads((REPO / "hacs.json").read_text())
    assert hacs["name"] == _json("manifest.json")["name"]
    assert hacs["homeassistant"]


def test_hacs_manifest_holds_only_what_hacs_accepts() -> None:
    hacs = json.loads((REPO / "hacs.json").read_text())
    assert "name" in hacs
    for key, value in hacs.items():
        assert key in HACS_KEYS, f"HACS refuses the key {key!r}"
        assert isinstance(value, HACS_KEYS[key]), (key, value)
    # The integration lives in custom_components/ejoin/, not in the repository root,
    # and HACS downloads the repository, not a release archive.
    assert (INTEGRATION / "manifest.json").is_file()
    assert hacs.get("content_in_root", False) is False
    assert hacs.get("zip_release", False) is False
    assert "filename" not in hacs
    # The oldest Home Assistant it installs on is one the tests run against, or older.
    minimum = hacs["homeassistant"]
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", minimum), minimum
    assert AwesomeVersion(minimum) <= AwesomeVersion(ha_version), (minimum, ha_version)


def test_manifest_version_and_links() -> None:
    manifest = _json("manifest.json")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert AwesomeVersion(manifest["version"]).valid
    assert manifest["version"] == pyproject["project"]["version"]
    assert manifest["documentation"] == GITHUB
    assert manifest["issue_tracker"] == GITHUB + "/issues"
    assert manifest["integration_type"] == "hub"
    assert manifest["config_flow"] is True


def _load_blueprint(name: str) -> Blueprint:
    """Load a blueprint the way Home Assistant does (``!input`` tags and all)."""
    return Blueprint(
        load_yaml_dict(BLUEPRINT_DIR / name),
        path=name,
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


def test_blueprints_are_the_documented_ones() -> None:
    assert {path.name for path in BLUEPRINT_DIR.glob("*")} == set(BLUEPRINTS)


@pytest.mark.parametrize("name", sorted(BLUEPRINTS))
def test_blueprint_loads_with_home_assistants_loader(name: str) -> None:
    blueprint = _load_blueprint(name)
    assert blueprint.validate() is None  # this Home Assistant is new enough
    metadata = blueprint.metadata
    assert metadata["name"].startswith("Ejoin - ")
    assert metadata["description"]
    assert metadata["source_url"] == (
        f"{GITHUB}/blob/main/blueprints/automation/ejoin/{name}"
    )
    hacs = json.loads((REPO / "hacs.json").read_text())
    assert metadata["homeassistant"]["min_version"] == hacs["homeassistant"]
    for key, spec in blueprint.inputs.items():
        assert spec["name"], key
        assert spec["description"], key
        assert "selector" in spec, key
    assert set(BLUEPRINTS[name]) == set(blueprint.inputs), "sample inputs"
    triggers = blueprint.data["triggers"]
    assert triggers == [{"trigger": "event", "event_type": "ejoin_sms_received"}]
    # Only fields the event has (the blueprints add their own to ``sms``).
    text = (BLUEPRINT_DIR / name).read_text()
    read = set(re.findall(r"trigger\.event\.data\.(\w+)", text))
    assert read <= SMS_EVENT_FIELDS, read - SMS_EVENT_FIELDS
    added = {
        "gateway",
        "number",
        "arguments",
        "secret_given",
        "keyword_matched",
        "sender_allowed",
    }
    used = set(re.findall(r"\bsms\.(\w+)", text))
    assert used <= SMS_EVENT_FIELDS | added, used - SMS_EVENT_FIELDS - added


@pytest.mark.parametrize("name", sorted(BLUEPRINTS))
async def test_automation_from_blueprint_validates(
    hass: HomeAssistant, name: str
) -> None:
    """An automation made from the blueprint passes the automation config check."""
    blueprint = _load_blueprint(name)
    inputs = BlueprintInputs(
        blueprint, {"use_blueprint": {"path": name, "input": BLUEPRINTS[name]}}
    )
    inputs.validate()
    config = {"id": name, "alias": name, **inputs.async_substitute()}
    validated = await async_validate_config_item(hass, name, config)
    assert validated is not None
    assert validated["triggers"][0]["platform"] == "event"


def test_every_action_is_translated_and_has_an_icon() -> None:
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text())
    strings = _json("strings.json")["services"]
    icons = _json("icons.json")["services"]
    assert set(services) == set(strings), "services.yaml and strings.json differ"
    assert set(services) == set(icons), "services.yaml and icons.json differ"
    for action, spec in services.items():
        assert strings[action]["name"], action
        assert strings[action]["description"], action
        fields = {
            name: field
            for name, field in (spec or {}).get("fields", {}).items()
            if "fields" not in field  # a collapsible section holds its own fields
        }
        for section in (spec or {}).get("fields", {}).values():
            fields.update(section.get("fields", {}))
        for field in fields:
            translated = strings[action]["fields"][field]
            assert translated["name"], (action, field)
            assert translated["description"], (action, field)


def test_translation_keys_in_code_exist_and_none_unused() -> None:
    strings = _json("strings.json")
    used = _used_keys()
    assert used["exceptions"] == set(strings.get("exceptions", {}))
    assert used["issues"] <= set(strings.get("issues", {}))
    assert used["device"] == set(strings.get("device", {}))
    for platform in PLATFORMS:
        defined = set(strings.get("entity", {}).get(platform, {}))
        code = used[f"entity.{platform}"]
        assert code <= defined, (platform, code - defined)
        assert defined <= code, (platform, defined - code)


def test_icons_cover_every_entity_translation_key() -> None:
    strings = _json("strings.json")
    icons = _json("icons.json")
    for platform, entities in strings.get("entity", {}).items():
        for key in entities:
            assert key in icons.get("entity", {}).get(platform, {}), (platform, key)


def test_english_translation_is_in_sync() -> None:
    result = subprocess.run(  # noqa: S603 - our own script, no user input
        [sys.executable, str(REPO / "scripts" / "sync_translations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("tier", list(QUALITY_RULES))
def test_quality_scale_rules_done_or_exempt(tier: str) -> None:
    rules = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text())["rules"]
    for rule in QUALITY_RULES[tier]:
        assert rule in rules, rule
        status = rules[rule]
        if isinstance(status, dict):
            assert status["status"] in {"done", "exempt"}, rule
            if status["status"] == "exempt":
                assert status.get("comment"), f"{rule} exempt without a reason"
        else:
            assert status == "done", rule


def test_brand_images_exist() -> None:
    for name in (
        "icon.png",
        "icon@2x.png",
        "logo.png",
        "dark_icon.png",
        "dark_logo.png",
    ):
        assert (INTEGRATION / "brand" / name).stat().st_size > 0, name
