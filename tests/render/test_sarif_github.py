"""SARIF and GitHub renderers work on any Report: runtime findings (no path) and lint findings (path, line)."""

import json

import numpy as np

import kerasdoctor as kd
from kerasdoctor.findings import Finding, Report
from kerasdoctor.render.concise import render_concise
from kerasdoctor.render.github import render_github
from kerasdoctor.render.sarif import to_sarif


def runtime_report():
    import keras
    import tensorflow as tf

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((8, 3), "float32"), np.zeros(8, "float32")))
    return kd.check(model, ds)


def test_sarif_of_a_runtime_report_uses_logical_locations():
    report = runtime_report()
    assert "KD101" in report.codes
    sarif = json.loads(json.dumps(to_sarif(report)))
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "KD101")
    assert "physicalLocation" not in result["locations"][0]
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == report.findings[0].where
    assert "fix: " in result["message"]["text"]


def test_github_of_a_runtime_report_has_no_file():
    report = runtime_report()
    line = render_github(report).splitlines()[0]
    assert line.startswith("::error title=KD101 unbatched-dataset::")
    assert "\n" not in line and "%0Afix: " in line


def test_github_escapes_and_notebook_cells():
    finding = Finding("KD102", "50% of it,\nbroken: yes", path="a,b:c.ipynb", line=2, column=3, cell=4)
    line = render_github(Report([finding]))
    assert line == (
        "::error file=a%2Cb%3Ac.ipynb,title=KD102 discarded-dataset-transformation"
        "::cell 4, line 2: 50%25 of it,%0Abroken: yes"
    )


def test_sarif_regions_for_scripts_and_properties_for_cells():
    script = Finding("KD201", "no loss", path="train.py", line=7, column=5)
    cell = Finding("KD102", "discarded", path="nb.ipynb", line=2, column=1, cell=3, severity="warning")
    results = to_sarif(Report([script, cell]))["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 5}
    assert "region" not in results[1]["locations"][0]["physicalLocation"]
    assert results[1]["properties"] == {"cell": 3, "line": 2, "column": 1} and results[1]["level"] == "warning"
    assert results[1]["message"]["text"].startswith("cell 3, line 2, column 1: discarded")


def test_concise_text_of_a_runtime_report():
    report = runtime_report()
    lines = render_concise(report).splitlines()
    assert lines[0].startswith(f"{report.findings[0].where}: KD101 [error] The dataset yields single examples")
    assert lines[-1] == "Found 1 finding (1 error)."
