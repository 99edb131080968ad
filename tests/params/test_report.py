"""The report as a whole: totals equal Keras', nested and shared layers, layers without a formula,
rendering, explain(), and `kerasdoctor params`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import keras
import pytest

import kerasdoctor as kd
from kerasdoctor import cli

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

L = keras.layers
SRC = str(Path(__file__).resolve().parents[2] / "src")


class Scale(L.Layer):
    """A custom layer: one weight per feature and a counter, no formula known."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), name="w")
        self.calls = self.add_weight(shape=(), name="calls", trainable=False, dtype="int32")

    def call(self, x):
        return x * self.w


class WiderDense(L.Dense):
    """A Dense subclass that adds a weight: Dense's formula no longer gives its count."""

    def build(self, input_shape):
        super().build(input_shape)
        self.extra = self.add_weight(shape=(3,), name="extra")


def seed_dense_network():
    return keras.Sequential(
        [keras.Input((32, 32, 1)), L.Flatten(), L.Dense(1000), L.Dense(512), L.Dense(256), L.Dense(4)]
    )


def test_rows_and_totals_equal_keras():
    model = seed_dense_network()
    report = kd.params(model)
    assert [r.params for r in report.rows] == [0, 1025000, 512512, 131328, 1028]
    assert report.total == model.count_params() == sum(r.params for r in report.rows)
    assert report.rows[1].formula == "(1024 + 1) × 1000 = 1025000"
    assert report.rows[1].output_shape == "(None, 1000)"
    assert report.rows[1].bytes == {"float32": 1025000 * 4}
    assert report.totals["bytes"] == {"float32": model.count_params() * 4}


def test_batch_normalization_split_and_frozen_layers():
    model = keras.Sequential([keras.Input((8,)), L.Dense(4), L.BatchNormalization()])
    model.layers[0].trainable = False
    report = kd.params(model)
    dense, bn = report.rows
    assert (dense.trainable, dense.non_trainable) == (0, 36)
    assert (bn.trainable, bn.non_trainable) == (8, 8)
    assert report.totals["trainable"] == 8 and report.totals["non_trainable"] == 44


def test_custom_layer_is_summed_and_marked_no_formula():
    model = keras.Sequential([keras.Input((5,)), Scale(), WiderDense(2)])
    report = kd.params(model)
    scale, wider = report.rows
    assert not scale.has_formula and scale.params == 6
    assert scale.explained == "no formula: 5 + 1 = 6"
    assert not wider.has_formula and wider.params == 15 and "formula gives 12" in wider.note
    assert report.total == model.count_params() == 21
    assert "no formula: 5 × 2 + 2 + 3 = 15" in str(report)
    assert report.rows[0].bytes == {"float32": 20, "int32": 4}


def test_nested_models_expand_and_shared_layers_count_once():
    shared = L.Dense(3, name="shared")
    inner = keras.Sequential([keras.Input((3,)), shared, L.Dense(2, name="head")], name="inner")
    x = keras.Input((4,))
    h = L.Dense(3, name="embed")(x)
    out = L.Concatenate()([inner(h), shared(h)])  # `shared` used inside and outside the nested model
    model = keras.Model(x, out)
    report = kd.params(model, expand=True)
    inner_row = report.row("inner")
    assert [c.name for c in inner_row.children] == ["shared", "head"]
    assert inner_row.formula == "sum of its layers: 12 + 8 = 20"
    shared_rows = [r for r in report.all_rows() if r.name == "shared"]
    assert [r.shared for r in shared_rows] == [False, True]
    assert report.total == model.count_params() == 15 + 12 + 8  # embed, shared (once), head
    assert sum(r.params for r in report.rows if not r.shared) == model.count_params()
    text = str(report)
    assert "└ head (Dense)" in text and "shared: counted once, above" in text


def test_explain_lstm_gates_and_the_features_sentence():
    model = keras.Sequential([keras.Input((1, 2)), L.LSTM(1)])
    explanation = kd.params(model.layers[0]).explain()
    kernel = explanation.row.weights[0]
    assert kernel.shape == (2, 4)
    assert [s for s, _ in kernel.slices] == ["kernel[:, 0:1]", "kernel[:, 1:2]", "kernel[:, 2:3]", "kernel[:, 3:4]"]
    assert [g for _, g in kernel.slices] == ["input gate i", "forget gate f", "cell candidate c", "output gate o"]
    text = str(explanation)
    assert "4 × ((2 + 1) × 1 + 1²) = 16" in text
    assert "x is a vector and each gate's weights are a (2 × 1) matrix" in text
    assert "the cell state is one scalar per unit" in text


def test_explain_gru_reset_after_has_two_bias_rows():
    layer = L.GRU(2)
    layer(keras.Input((3, 4)))
    bias = kd.params(layer).explain().row.weights[2]
    assert bias.shape == (2, 6)
    assert bias.slices[0] == ("bias[0, 0:2]", "update gate z (input bias)")
    assert bias.slices[3] == ("bias[1, 0:2]", "update gate z (recurrent bias)")


def test_renderings():
    report = kd.params(seed_dense_network())
    data = json.loads(report.to_json())
    assert data["totals"]["params"] == 1669868 and data["rows"][1]["formula"] == "(1024 + 1) × 1000 = 1025000"
    markdown = report.to_markdown()
    assert "| dense_" in markdown and "(1024 + 1) × 1000 = 1025000 | 1,025,000 |" in markdown
    assert "**1,669,868**" in markdown
    assert "(1000 + 1) × 512 = 512512" in report._repr_html_()
    assert "Total" in str(report) and "1,669,868" in str(report)


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.recurrent, self.head = L.LSTM(2), L.Dense(3)
        self.temperature = self.add_weight(shape=(2,), name="temperature")

    def call(self, x):
        return self.head(self.recurrent(x)) * self.temperature[0]


def test_subclassed_model_with_its_own_weight():
    model = Subclassed()
    model(keras.ops.zeros((1, 4, 5)))
    report = kd.params(model)
    assert [r.formula for r in report.rows[:2]] == ["4 × ((5 + 1) × 2 + 2²) = 64", "(2 + 1) × 3 = 9"]
    own = report.rows[2]
    assert own.explained == "no formula: 2 = 2" and own.bytes == {"float32": 8}
    assert report.total == model.count_params() == 75


def test_unbuilt_model_says_not_built_instead_of_a_total_of_0():
    model = keras.Sequential([L.Dense(3), L.Dense(2)])  # no Input: Keras has created no weights
    with pytest.raises(ValueError, match="isn't built"):
        model.count_params()  # what Keras itself says
    report = kd.params(model)
    assert not report.built and report.total is None and report.rows[0].params is None
    assert report.rows[0].note.startswith("not built")
    text = str(report)
    assert "Sequential 'sequential" in report.not_built and "is not built" in text and "keras.Input(shape)" in text
    assert "│ Total " in text and "│      0 │" not in text  # the counts read "?", never 0
    markdown = report.to_markdown()
    assert "**?**" in markdown and "is not built" in markdown
    data = json.loads(report.to_json())
    assert data["built"] is False and data["totals"]["params"] is None and data["rows"][0]["built"] is False
    assert "not built" in str(kd.params(L.Dense(3)).explain())
    model.build((None, 4))  # once built, Keras' own numbers
    assert kd.params(model).built and kd.params(model).total == model.count_params() == 4 * 3 + 3 + 3 * 2 + 2


def test_cli_unbuilt_saved_model_says_not_built(tmp_path, capsys):
    path = tmp_path / "unbuilt.keras"
    with pytest.warns(UserWarning, match="not yet been built"):  # Keras warns, and saves it anyway
        keras.Sequential([L.Dense(3)]).save(path)
    assert cli.main(["params", str(path)]) == 0
    out = capsys.readouterr().out
    assert "is not built" in out and "counts are" in out


def test_bad_argument():
    with pytest.raises(TypeError, match="keras.Model or a keras layer"):
        kd.params("model.keras")


def test_cli_saved_model_json(tmp_path, capsys):
    path = tmp_path / "seed.keras"
    keras.Sequential([keras.Input((3, 1)), L.SimpleRNN(10), L.Dense(1)]).save(path)
    assert cli.main(["params", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["formula"] == "(1 + 10 + 1) × 10 = 120"
    assert data["totals"]["params"] == 131


def test_cli_bad_inputs(tmp_path, capsys):
    assert cli.main(["params", str(tmp_path / "missing.keras")]) == 2
    assert "no such file" in capsys.readouterr().out
    broken = tmp_path / "broken.keras"
    broken.write_text("not a model")
    assert cli.main(["params", str(broken)]) == 2
    assert "could not load" in capsys.readouterr().out
    assert cli.main(["params", "--application", "ResNet5"]) == 2
    assert "has no model 'ResNet5'" in capsys.readouterr().out
    assert cli.main(["params"]) == 2


@pytest.mark.slow
def test_cli_application_in_a_real_process():
    result = subprocess.run(
        [sys.executable, "-m", "kerasdoctor", "params", "--application", "MobileNetV3Small", "--format", "markdown"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    assert result.returncode == 0, result.stderr
    assert "| conv (Conv2D) |" in result.stdout and "3 × 3 × 3 × 16 = 432" in result.stdout
    assert "**2,554,968**" in result.stdout


def test_kd_params_stays_the_function_once_the_parameters_package_is_imported():
    import inspect

    import kerasdoctor as kd
    import kerasdoctor.parameters  # noqa: F401

    assert inspect.isfunction(kd.params) and kd.params.__module__ == "kerasdoctor"


def test_a_narrow_console_or_a_file_never_cuts_a_layer_name(tmp_path, capsys, monkeypatch):
    from kerasdoctor.render.console import to_text

    model = keras.Sequential(
        [keras.Input((4,)), L.Dense(3, name="a_rather_long_layer_name_that_users_type"), L.Dense(1, name="out")]
    )
    report = kd.params(model)
    for width in (60, 80, 200):
        text = to_text(report._renderable(), width, crop=False)
        assert "a_rather_long_layer_name_that_users_type (Dense)" in text
        assert "(4 + 1) × 3 = 15" in text
    path = tmp_path / "m.keras"
    model.save(path)
    monkeypatch.setenv("COLUMNS", "80")  # `kerasdoctor params m.keras > file`: rich's width for a file
    assert cli.main(["params", str(path)]) == 0
    assert "a_rather_long_layer_name_that_users_type (Dense)" in capsys.readouterr().out


def test_the_formula_wraps_at_spaces_when_the_table_is_too_wide():
    from kerasdoctor.render.console import to_text

    model = keras.Sequential([keras.Input((3, 4)), L.LSTM(2, name="lstm")])
    report = kd.params(model)
    wide = to_text(report._renderable(), 200, crop=False)
    narrow = to_text(report._renderable(), 60, crop=False)
    formula = report.row("lstm").formula
    assert formula in wide and formula not in narrow  # wrapped over lines...
    cells = [line.split("│")[3].strip() for line in narrow.splitlines() if line.startswith("│")][:-1]
    assert " ".join(cells) == formula  # ...at spaces, every token whole
