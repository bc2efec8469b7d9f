"""The committed gateway card bundle is exactly the build of its sources in frontend/.

Home Assistant serves ``custom_components/ejoin/frontend/ejoin-gateway-card.js`` as it
is committed (a HACS user builds nothing), so a change to the card's sources without
a rebuild, or a bundle edited by hand, must fail here.
"""

from pathlib import Path
import shutil
import subprocess
import tempfile

REPO = Path(__file__).resolve().parent.parent
FRONTEND = REPO / "frontend"
BUNDLE = REPO / "custom_components" / "ejoin" / "frontend" / "ejoin-gateway-card.js"
REBUILD = "run scripts/build_frontend and commit custom_components/ejoin/frontend/"


def _build(outfile: Path) -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js is missing; install Node.js 20 or newer"
    assert (FRONTEND / "node_modules" / "esbuild").exists(), (
        "the card's toolchain is missing; run scripts/bootstrap"
    )
    result = subprocess.run(  # noqa: S603 - our own build script, no user input
        [node, str(FRONTEND / "build.mjs"), "--outfile", str(outfile)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"the card's build failed:\n{result.stderr}"


def test_committed_bundle_is_the_build_of_its_sources(tmp_path: Path) -> None:
    rebuilt = tmp_path / "ejoin-gateway-card.js"
    _build(rebuilt)
    assert rebuilt.read_bytes() == BUNDLE.read_bytes(), (
        f"{BUNDLE.relative_to(REPO)} is out of date with frontend/src: {REBUILD}"
    )


def test_bundle_defines_the_card_and_names_no_local_path() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert "sourceMappingURL" not in text
    for local in (str(REPO), str(Path.home()), tempfile.gettempdir()):
        assert local not in text, f"the bundle names a local path ({local})"
    # Lit's licences (BSD-3-Clause) travel with the code it bundles.
    assert "SPDX-License-Identifier: BSD-3-Clause" in text
    assert '"ejoin-gateway-card"' in text
    assert "customCards" in text
