"""Write translations/en.json from strings.json, resolving ``[%key:...%]`` references.

Home Assistant's own build does this for core integrations; a custom integration ships
the resolved English file. ``--check`` exits 1 when en.json is out of date.
"""

import argparse
import json
from pathlib import Path
import re
import sys

import homeassistant

REPO = Path(__file__).resolve().parent.parent
STRINGS = REPO / "custom_components" / "ejoin" / "strings.json"
EN = REPO / "custom_components" / "ejoin" / "translations" / "en.json"
HA_ROOT = Path(homeassistant.__file__).parent
REFERENCE = re.compile(r"\[%key:([a-z0-9_:]+)%\]")


def _lookup(path: str, own: dict[str, object]) -> str:
    """Resolve ``common::...`` or ``component::<domain>::...`` to its English text."""
    parts = path.split("::")
    if parts[0] == "common":
        tree: object = json.loads((HA_ROOT / "strings.json").read_text())
        keys = parts
    elif parts[0] == "component":
        domain = parts[1]
        if domain == "ejoin":
            tree = own
        else:
            tree = json.loads(
                (HA_ROOT / "components" / domain / "strings.json").read_text()
            )
        keys = parts[2:]
    else:
        raise KeyError(path)
    for key in keys:
        if not isinstance(tree, dict):
            raise KeyError(path)
        tree = tree[key]
    if not isinstance(tree, str):
        raise KeyError(path)
    return REFERENCE.sub(lambda match: _lookup(match.group(1), own), tree)


def _resolve(value: object, own: dict[str, object]) -> object:
    if isinstance(value, dict):
        return {key: _resolve(item, own) for key, item in value.items()}
    if isinstance(value, str):
        return REFERENCE.sub(lambda match: _lookup(match.group(1), own), value)
    return value


def build() -> str:
    """Return the resolved English translations as JSON text."""
    own = json.loads(STRINGS.read_text())
    return json.dumps(_resolve(own, own), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write or check translations/en.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="only check, write nothing"
    )
    args = parser.parse_args()
    text = build()
    if args.check:
        if not EN.exists() or EN.read_text() != text:
            print(
                "translations/en.json is out of date: run scripts/sync_translations.py"
            )
            return 1
        return 0
    EN.parent.mkdir(exist_ok=True)
    EN.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
