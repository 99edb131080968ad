"""Every fix of the loss/head/target findings, pasted as a user would, leaves nothing behind.

Over a grid of output heads (1, 2 and 3 units; sigmoid, softmax, linear), losses (binary,
categorical and sparse cross-entropy with and without ``from_logits``, mse) and targets (0/1 labels,
class ids, one-hot, probabilities, probability rows), each finding's fix text is pasted: its
``keras.layers.Dense(...)`` line replaces the output layer, its ``compile()`` line is run on the
model, its ``y = ...`` line on the targets. Then the check runs again: no finding may remain, none
may appear, and the pasted code must be the finding's `Remedy` (the fix as data).
"""

import functools
import itertools

import numpy as np
import pytest
from tensorflow import keras

import kerasdoctor as kd

rng = np.random.default_rng(0)
N = 60
X = rng.uniform(size=(N, 4)).astype("float32")
IDS = rng.permutation(np.arange(N) % 3)
TARGETS = {
    "0/1 labels": rng.permutation(np.arange(N) % 2),
    "class ids": IDS,
    "one-hot": keras.utils.to_categorical(IDS, 3),
    "probabilities": rng.uniform(size=N).astype("float32"),
    "probability rows": rng.dirichlet(np.ones(3), size=N).astype("float32"),
}
HEADS = list(itertools.product((1, 2, 3), ("sigmoid", "softmax", "linear")))
LOSSES = [
    (name, logits)
    for name in ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")
    for logits in (False, True)
] + [("mean_squared_error", None)]
CODES = {"KD203", "KD204", "KD205", "KD206", "KD207"}


@functools.cache
def output_layer_model(units: int, activation: str) -> keras.Model:
    """One tiny model per head, reused by every loss and target (compile() is cheap; nothing trains)."""
    inputs = keras.Input((4,))
    return keras.Model(inputs, keras.layers.Dense(units, activation=activation, name="out")(inputs))


def loss_object(name: str, logits: bool | None):
    if logits is None:
        return name
    cls = getattr(keras.losses, "".join(part.capitalize() for part in name.split("_")))
    return cls(from_logits=logits)


def check(model, y):
    return kd.check(model, X, y, batch_size=16)


def paste(fix: str, model: keras.Model, y):
    """Apply a fix's code lines as a user pastes them; returns the model and targets after."""
    for line in fix.splitlines():
        code = line.split("   #")[0].strip()
        if not code or code.startswith("#"):
            continue
        if code.startswith("keras.layers.Dense("):
            layer = eval(code, {"keras": keras})  # the user's new output layer, in place of theirs
            pasted = output_layer_model(layer.units, keras.activations.serialize(layer.activation))
            pasted.compile(optimizer="adam", loss=model.loss)
            model = pasted
        elif ".compile(" in code:
            namespace = {"model": model, "keras": keras}
            exec(code, namespace)
        elif code.startswith("y = "):
            namespace = {"y": y, "np": np, "keras": keras}
            exec(code, namespace)
            y = namespace["y"]
        else:
            raise AssertionError(f"a fix line the grid cannot paste: {line!r}")
    return model, y


def loss_facts(model):
    loss = model.loss
    if isinstance(loss, str):
        return keras.losses.get(loss).__name__, False
    return loss.fn.__name__, bool(loss._fn_kwargs.get("from_logits", False))


CASES = [(units, act, loss, logits, target) for units, act in HEADS for loss, logits in LOSSES for target in TARGETS]


@pytest.mark.parametrize("target", list(TARGETS))
def test_every_primary_fix_pasted_leaves_no_finding(target):
    fixed, clean = 0, 0
    for (units, act), (loss, logits) in itertools.product(HEADS, LOSSES):
        case = f"Dense({units}, {act}) + {loss}(from_logits={logits}) + {target}"
        model = output_layer_model(units, act)
        model.compile(optimizer="adam", loss=loss_object(loss, logits))
        y = TARGETS[target]
        before = check(model, y)
        found = [f for f in before.findings if f.code in CODES]
        assert [f.code for f in before.findings if f.code not in CODES] == [], case
        if not found:
            clean += 1
            continue
        remedies = {f.remedy for f in found}
        assert len(remedies) == 1 and None not in remedies, f"{case}: {[(f.code, f.remedy) for f in found]}"
        remedy = remedies.pop()
        fixes = {f.fix.split("\n# or")[0] for f in found}
        assert len(fixes) == 1, f"{case}: the findings about one output disagree: {fixes}"
        new_model, new_y = paste(fixes.pop(), model, y)
        # the pasted code is the remedy
        out = new_model.layers[-1]
        assert out.units == (remedy.units or units), case
        assert keras.activations.serialize(out.activation) == (remedy.activation or act), case
        if remedy.loss is not None:
            assert loss_facts(new_model) == (remedy.loss, bool(remedy.from_logits)), case
        if remedy.targets is not None:
            np.testing.assert_array_equal(new_y, eval(remedy.targets, {"y": y, "np": np, "keras": keras}))
        after = check(new_model, new_y)
        assert after.findings == [], f"{case}: pasted\n{found[0].fix}\nand then got\n{after}"
        fixed += 1
    assert fixed and clean  # the grid has both: a check that never fires would pass vacuously


def test_the_training_and_validation_findings_of_one_output_share_one_fix():
    model = output_layer_model(2, "softmax")
    model.compile(optimizer="adam", loss="binary_crossentropy")  # the case: 0/1 labels
    y = TARGETS["0/1 labels"]
    report = kd.check(model, X, y, validation_data=(X[:20], y[:20]))
    assert sorted(report.codes) == ["KD206", "KD206", "KD207"]  # the output, y, and validation_data[1]
    assert len({f.remedy for f in report.findings}) == 1 and len({f.fix for f in report.findings}) == 1
    assert report.findings[0].remedy.loss == "sparse_categorical_crossentropy"
    assert str(report).count("fix: the same as KD207 above") == 2  # shown once, named twice
