"""The lint rules for Keras' own scikit-learn wrappers agree with the installed Keras and with the runtime checks."""

import ast
import inspect

import keras
from keras.wrappers import SKLearnClassifier
from sklearn.base import clone
from sklearn.model_selection import ParameterGrid

from kerasdoctor.linter import known, lint_file

from .markers import FIXTURES


def test_the_fit_arguments_the_linter_knows_are_keras_model_fit_s():
    parameters = set(inspect.signature(keras.Model.fit).parameters) - {"self", "x", "y"}
    assert known.FIT_ARGUMENTS == parameters


def build(X, y, hidden=8, dropout=0.0):
    return None


def test_the_rewritten_grid_is_taken_by_the_real_wrapper_candidate_by_candidate():
    finding = next(f for f in lint_file(str(FIXTURES / "kd311_bad.py")) if f.line == 15)
    grid = ast.literal_eval(finding.fix.split(" = ", 1)[1])
    clf = SKLearnClassifier(model=build)
    candidates = list(ParameterGrid(grid))
    assert len(candidates) == 2 * 2 * 2  # hidden x dropout x batch_size, as the scikeras-style grid had
    for candidate in candidates:
        clone(clf).set_params(**candidate)


def test_kd309_fixes_pasted_in_place_silence_the_rule(tmp_path):
    lines = (FIXTURES / "kd309_bad.py").read_text().splitlines()
    findings = lint_file(str(FIXTURES / "kd309_bad.py"))
    assert len(findings) == 4
    for finding in findings:
        line = lines[finding.line - 1]
        call = line.split("  #")[0].split("= ", 1)[-1]  # the call, without `scores = ` and the marker
        pasted = lines[: finding.line - 1] + [line.replace(call, finding.fix)] + lines[finding.line :]
        path = tmp_path / "fixed.py"
        path.write_text("\n".join(pasted))
        assert finding.line not in [f.line for f in lint_file(str(path))]
