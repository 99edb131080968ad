"""render.json: the one serialiser behind Report.to_json, lint --format json, run --format json, SARIF, params."""

import json
from pathlib import Path

import numpy as np
import pytest

from kerasdoctor.findings import Finding, Report
from kerasdoctor.render.json import dumps


def test_numpy_values_and_paths_become_plain_json():
    document = {
        "count": np.int64(3),
        "share": np.float32(0.5),
        "table": np.arange(4).reshape(2, 2),
        "path": Path("train.py"),
    }
    assert json.loads(dumps(document)) == {"count": 3, "share": 0.5, "table": [[0, 1], [2, 3]], "path": "train.py"}


def test_anything_else_is_refused_as_json_does():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"x": object()})


def test_a_report_is_indented_and_ascii_unless_asked():
    report = Report(findings=[Finding("KD101", "elements have shape (75,), not 32 × (75,)")])
    assert report.to_json() == dumps(report.to_dict()) and "32 \\u00d7 (75,)" in report.to_json()
    assert report.to_json().startswith('{\n  "title"')
    assert "32 × (75,)" in dumps(report.to_dict(), ensure_ascii=False)
