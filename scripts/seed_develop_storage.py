"""Write the Home Assistant storage a new scripts/develop instance starts from.

Two settings a newcomer would otherwise meet as problems on the first page:

- HTTP on 127.0.0.1:8123. Home Assistant 2026.10 keeps its HTTP settings in storage
  (Settings > System > Network); an ``http:`` block in configuration.yaml still works
  once but raises a "deprecated" repair and a dialog asking to confirm it. Written here
  as the settings Home Assistant stores once a user has confirmed them.
- Radio Browser, ignored. Finishing onboarding adds it, and without the internet it
  fails to set up: the first error a newcomer would see. An ignored entry is what
  Home Assistant keeps when a user clicks "Ignore"; onboarding then leaves it out
  (Settings > Devices & services, filter menu, "Show ignored integrations" lists it,
  with "Stop ignoring").

Each file is written only when it does not exist yet, so an instance in use keeps
its own. Run with the virtual environment's Python: ``seed_develop_storage.py
CONFIG_DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import sys
from types import MappingProxyType
from typing import Any

from homeassistant import config_entries
from homeassistant.components.http import config as http_config
from homeassistant.components.http.const import CONF_SERVER_HOST, CONF_SERVER_PORT
from homeassistant.util import dt as dt_util

HTTP_HOST = "127.0.0.1"
HTTP_PORT = 8123
#: Onboarding's integrations that need the internet to set up.
IGNORED = {"radio_browser": "Radio Browser"}


def _document(key: str, version: int, minor_version: int, data: Any) -> str:
    """Return a storage file as Home Assistant's ``Store`` writes it."""
    return json.dumps(
        {"version": version, "minor_version": minor_version, "key": key, "data": data},
        indent=2,
    )


def http_settings() -> str:
    """Return the HTTP store: loopback only, confirmed, no YAML left to migrate."""
    stable = http_config.HTTP_STORAGE_SCHEMA(
        {
            CONF_SERVER_HOST: [HTTP_HOST],
            CONF_SERVER_PORT: HTTP_PORT,
        }
    )
    stable |= {
        http_config.HTTP_CONFIG_CREATED_AT: dt_util.utcnow().isoformat(),
        http_config.HTTP_CONFIG_ERROR: None,
        http_config.HTTP_CONFIG_ERROR_MESSAGE: None,
    }
    return _document(
        http_config.STORAGE_KEY,
        http_config.STORAGE_VERSION,
        http_config.STORAGE_MINOR_VERSION,
        {
            http_config.KEY_STABLE: stable,
            http_config.KEY_PENDING: None,
            http_config.KEY_YAML_MIGRATION_DONE: True,
        },
    )


def ignored_entries() -> str:
    """Return the config entry store with one ignored entry per :data:`IGNORED`."""
    entries = [
        config_entries.ConfigEntry(
            data={},
            discovery_keys=MappingProxyType({}),
            domain=domain,
            minor_version=1,
            options=None,
            source=config_entries.SOURCE_IGNORE,
            subentries_data=None,
            title=title,
            unique_id=None,
            version=1,
        ).as_dict()
        for domain, title in IGNORED.items()
    ]
    return _document(
        config_entries.STORAGE_KEY,
        config_entries.STORAGE_VERSION,
        config_entries.STORAGE_VERSION_MINOR,
        {"entries": entries},
    )


def seed(config_dir: Path) -> list[Path]:
    """Write the files that do not exist yet; return those written."""
    storage = config_dir / ".storage"
    storage.mkdir(parents=True, exist_ok=True)
    written = []
    for name, render in (
        (http_config.STORAGE_KEY, http_settings),
        (config_entries.STORAGE_KEY, ignored_entries),
    ):
        path = storage / name
        if path.exists():
            continue
        path.write_text(render())
        # Home Assistant keeps its storage private to its user.
        os.chmod(path, 0o600)
        written.append(path)
    return written


def main() -> int:
    """Seed the folder named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config_dir", type=Path)
    for path in seed(parser.parse_args().config_dir):
        print(f"develop: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
