"""One version: kerasdoctor._version is what the package, SARIF and the distribution's metadata say."""

import importlib.metadata
import json
from pathlib import Path

import pytest

import kerasdoctor as kd
from kerasdoctor import _version
from kerasdoctor.findings import Report
from kerasdoctor.render.sarif import to_sarif

try:
    import tomllib
except ImportError:  # Python 3.10: the tomli backport, a dependency there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_package_sarif_and_pyproject_read_the_one_version():
    assert kd.__version__ == _version.__version__
    assert to_sarif(Report())["runs"][0]["tool"]["driver"]["version"] == kd.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "kerasdoctor._version.__version__"}


def test_installed_metadata_has_the_version():
    try:
        dist = importlib.metadata.distribution("kerasdoctor")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("kerasdoctor is not installed, only on sys.path")
    url = json.loads(dist.read_text("direct_url.json") or "{}").get("url", "")
    if url.startswith("file://") and Path(url[len("file://") :]).resolve() != ROOT:
        # metadata is written when installing: an install of another checkout says that one's version
        pytest.skip(f"the installed kerasdoctor comes from {url}, not this checkout")
    assert dist.version == kd.__version__
