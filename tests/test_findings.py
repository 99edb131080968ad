"""Report behaviour: ok/errors, warn and raise, JSON, text and HTML rendering."""

import json
import warnings

import pytest

import kerasdoctor as kd
from kerasdoctor.findings import Finding, Report


def sample_report():
    return Report(
        findings=[
            Finding("KD101", "elements have shape (75,)", where="x", fix="ds = ds.batch(32)"),
            Finding("KD106", "batch_size=32 is ignored", where="x"),
        ],
        passed=["size(x)"],
        title="sample",
    )


def test_severity_defaults_to_the_rule_and_can_be_overridden():
    assert Finding("KD101", "m").severity is kd.Severity.ERROR
    assert Finding("KD106", "m").severity is kd.Severity.WARNING
    assert Finding("KD106", "m", severity="error").severity is kd.Severity.ERROR


def test_unknown_code_is_refused():
    with pytest.raises(KeyError):
        Finding("KD999", "m")


def test_ok_errors_and_raise():
    report = sample_report()
    assert not report.ok and [f.code for f in report.errors] == ["KD101"]
    with pytest.raises(kd.KerasDoctorError) as caught:
        report.raise_for_errors()
    assert "KD101" in str(caught.value)
    assert Report(findings=[Finding("KD106", "m")]).raise_for_errors().ok


def test_warn_emits_one_user_warning_per_finding():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sample_report().apply("warn")
    assert [w.category for w in caught] == [kd.KerasDoctorWarning] * 2
    assert issubclass(kd.KerasDoctorWarning, UserWarning)
    assert "KD101 unbatched-dataset" in str(caught[0].message)


def test_warnings_can_be_made_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", kd.KerasDoctorWarning)
        with pytest.raises(kd.KerasDoctorWarning):
            sample_report().apply("warn")


def test_on_fail_is_validated():
    with pytest.raises(ValueError, match="on_fail"):
        sample_report().apply("explode")


def test_json_round_trip():
    data = json.loads(sample_report().to_json())
    assert data["ok"] is False
    assert [f["code"] for f in data["findings"]] == ["KD101", "KD106"]
    assert data["findings"][0]["slug"] == "unbatched-dataset"
    assert data["passed"] == ["size(x)"]


def test_text_rendering_names_code_location_and_fix():
    text = str(sample_report())
    assert text.splitlines()[0] == "sample: 1 error, 1 warning"
    assert "KD101 [error] unbatched-dataset  at x" in text
    assert "ds = ds.batch(32)" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_clean_report_says_so():
    assert str(Report(title="t")).startswith("t: no problems found")


def test_html_for_notebooks():
    html = sample_report()._repr_html_()
    assert html.startswith('<div class="kerasdoctor-report">') and "KD101" in html


def test_lint_style_location():
    finding = Finding("KD102", "m", path="train.py", line=14, column=1)
    assert finding.location == "train.py:14:1"


def test_a_long_fix_is_never_wrapped_so_it_still_pastes():
    fix = 'model.compile(optimizer="adam", loss="mse")   # or the loss that fits your targets'
    text = Report(findings=[Finding("KD201", "no loss " * 30, fix=fix)]).render_text(width=60)
    assert "      " + fix in text.splitlines()
    assert all(line == line.rstrip() for line in text.splitlines())


def test_html_never_crops_a_fix_and_sets_its_colours_with_their_background():
    import html as html_lib
    import re

    fix = (
        'model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))'
        "   # keep your optimizer and metrics"
    )
    page = Report(findings=[Finding("KD207", "a message", fix=fix)])._repr_html_()
    assert fix in html_lib.unescape(re.sub(r"<[^>]+>", "", page))  # 135 columns, in a 100-column report
    assert '<pre style="font-family:monospace;color:#000000;background-color:#ffffff">' in page  # dark themes too


def test_a_remedy_is_plain_data_in_the_findings_dict():
    from kerasdoctor.findings import Remedy

    remedy = Remedy("out", loss="sparse_categorical_crossentropy", from_logits=False)
    finding = Finding("KD207", "m", fix='model.compile(loss="sparse_categorical_crossentropy")', remedy=remedy)
    assert finding.to_dict()["remedy"] == {
        "output": "out",
        "units": None,
        "activation": None,
        "loss": "sparse_categorical_crossentropy",
        "from_logits": False,
        "targets": None,
    }
    assert Finding("KD101", "m").to_dict()["remedy"] is None
    assert json.loads(Report(findings=[finding]).to_json())["findings"][0]["remedy"]["output"] == "out"
